import { describe, expect, it } from 'vitest';
import { previewAssessment } from './reassessment';

/** The plan's tables (§5.1, §5.2), as policy version 1 of the demo holds them. */
const plan2015 = {
  priorityMatrix: {
    high: { all: 'P1', some: 'P2', one: 'P3' },
    medium: { all: 'P2', some: 'P3', one: 'P4' },
    low: { all: 'P3', some: 'P4', one: 'P4' },
  },
  resolutionTargets: {
    A: { P1: { minutes: 30 }, P2: { minutes: 60 }, P3: { minutes: 120 }, P4: { minutes: 240 } },
    B: { P1: { minutes: 60 }, P2: { minutes: 120 }, P3: { minutes: 240 }, P4: { workingDays: 1 } },
    C: {
      P1: { minutes: 120 },
      P2: { minutes: 240 },
      P3: { workingDays: 1 },
      P4: { workingDays: 2 },
    },
  },
} as const;

describe('previewAssessment', () => {
  it('derives the priority from impact × scope and keeps the time spent', () => {
    const incident = { effectiveGrade: 'A', priority: 'P3', sla: { spentMinutes: 20 } } as const;
    expect(previewAssessment(plan2015, incident, 'high', 'all', 480)).toEqual({
      priority: 'P1',
      targetMinutes: 30,
      leftMinutes: 10,
      changed: true,
    });
    expect(previewAssessment(plan2015, incident, 'high', 'one', 480)).toEqual({
      priority: 'P3',
      targetMinutes: 120,
      leftMinutes: 100,
      changed: false,
    });
  });

  it('counts working days in the calendar nominal day, and shows an overrun as negative', () => {
    const incident = { effectiveGrade: 'C', priority: 'P2', sla: { spentMinutes: 300 } } as const;
    expect(previewAssessment(plan2015, incident, 'low', 'one', 480).targetMinutes).toBe(960);
    expect(previewAssessment(plan2015, incident, 'high', 'all', 480).leftMinutes).toBe(-180);
  });
});
