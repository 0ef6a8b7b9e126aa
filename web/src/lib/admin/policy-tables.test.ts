import { describe, expect, it } from 'vitest';
import {
  draftOf,
  parseTarget,
  targetText,
  thresholdProblems,
  type PolicyVersion,
} from './policy-tables';

const version: PolicyVersion = {
  id: 1,
  symptomImpact: {
    unusable: 'high',
    data_wrong: 'high',
    slow: 'medium',
    partly_unusable: 'medium',
    other: 'low',
  },
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
  noticeThresholds: [
    { percent: 50, audience: ['holding_group'] },
    { percent: 75, audience: ['holding_group', 'holding_group_lead'] },
    { percent: 100, audience: ['holding_group_lead', 'leaders'] },
  ],
  note: 'plan 2015',
  createdBy: null,
  createdAt: '2026-01-01T00:00:00Z',
};

describe('policy tables', () => {
  it('writes targets as the plan does and reads them back', () => {
    expect(targetText({ minutes: 30 })).toBe('30m');
    expect(targetText({ minutes: 60 })).toBe('1h');
    expect(targetText({ minutes: 90 })).toBe('1.5h');
    expect(targetText({ minutes: 100 })).toBe('100m');
    expect(targetText({ workingDays: 2 })).toBe('2d');
    expect(parseTarget('30m')).toEqual({ minutes: 30 });
    expect(parseTarget('45')).toEqual({ minutes: 45 });
    expect(parseTarget('1.5h')).toEqual({ minutes: 90 });
    expect(parseTarget(' 2 D ')).toEqual({ workingDays: 2 });
    for (const bad of ['', '0m', '-1h', '1.5d', 'soon', '0.1m'])
      expect(parseTarget(bad)).toBeNull();
  });

  it('drafts a new version as a deep copy of the one in force', () => {
    const draft = draftOf(version);
    draft.priorityMatrix.high.one = 'P2';
    draft.resolutionTargets.A.P1 = { minutes: 15 };
    draft.noticeThresholds[0]?.audience.push('leaders');
    expect(version.priorityMatrix.high.one).toBe('P3');
    expect(version.resolutionTargets.A.P1).toEqual({ minutes: 30 });
    expect(version.noticeThresholds[0]?.audience).toEqual(['holding_group']);
    expect(draft.note).toBe('');
    expect(Object.keys(draft)).not.toContain('id');
  });

  it('flags thresholds that do not ascend or have no audience', () => {
    expect(thresholdProblems(draftOf(version).noticeThresholds)).toEqual([]);
    expect(
      thresholdProblems([
        { percent: 50, audience: ['holding_group'] },
        { percent: 50, audience: ['leaders'] },
        { percent: 90, audience: [] },
        { percent: 100, audience: ['leaders'] },
      ]),
    ).toEqual([1, 2]);
  });
});
