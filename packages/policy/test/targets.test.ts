import { describe, expect, it } from 'vitest';
import { GRADES, HOUR, MINUTE, PRIORITIES } from '../src/model.js';
import type { Grade, Priority } from '../src/model.js';
import { PolicyTableError } from '../src/priority.js';
import {
  DEFAULT_RESOLUTION_TARGETS,
  effectiveGrade,
  resolutionTargetMs,
  validateResolutionTargetTable,
} from '../src/targets.js';
import type { Campaign, ResolutionTarget } from '../src/targets.js';

// The plan's table (§5.2) with the working-millisecond value under an 8 h nominal day.
const TARGETS: [Grade, Priority, ResolutionTarget, number][] = [
  ['A', 'P1', { minutes: 30 }, 30 * MINUTE],
  ['A', 'P2', { minutes: 60 }, HOUR],
  ['A', 'P3', { minutes: 120 }, 2 * HOUR],
  ['A', 'P4', { minutes: 240 }, 4 * HOUR],
  ['B', 'P1', { minutes: 60 }, HOUR],
  ['B', 'P2', { minutes: 120 }, 2 * HOUR],
  ['B', 'P3', { minutes: 240 }, 4 * HOUR],
  ['B', 'P4', { workingDays: 1 }, 8 * HOUR],
  ['C', 'P1', { minutes: 120 }, 2 * HOUR],
  ['C', 'P2', { minutes: 240 }, 4 * HOUR],
  ['C', 'P3', { workingDays: 1 }, 8 * HOUR],
  ['C', 'P4', { workingDays: 2 }, 16 * HOUR],
];

type MutableTable = Record<string, Record<string, unknown>>;
const mutableDefault = (): MutableTable => structuredClone(DEFAULT_RESOLUTION_TARGETS);

function tableError(run: () => unknown): PolicyTableError {
  try {
    run();
  } catch (error) {
    if (error instanceof PolicyTableError) return error;
    throw error;
  }
  throw new Error('expected a PolicyTableError');
}

describe('DEFAULT_RESOLUTION_TARGETS', () => {
  it('covers every grade × priority cell', () => {
    expect(TARGETS).toHaveLength(GRADES.length * PRIORITIES.length);
  });

  it.each(TARGETS)('grade %s %s → %o = %d ms', (grade, priority, target, ms) => {
    expect(DEFAULT_RESOLUTION_TARGETS[grade][priority]).toEqual(target);
    expect(resolutionTargetMs(DEFAULT_RESOLUTION_TARGETS, grade, priority, 8 * HOUR)).toBe(ms);
  });
});

describe('resolutionTargetMs', () => {
  it("counts working days at the calendar's nominal length", () => {
    expect(resolutionTargetMs(DEFAULT_RESOLUTION_TARGETS, 'C', 'P4', 7.5 * HOUR)).toBe(15 * HOUR);
    expect(resolutionTargetMs(DEFAULT_RESOLUTION_TARGETS, 'B', 'P3', 7.5 * HOUR)).toBe(4 * HOUR);
  });

  it.each([0, -HOUR, Number.NaN, Infinity])('refuses a nominal day of %d', (nominalDayMs) => {
    expect(() =>
      resolutionTargetMs(DEFAULT_RESOLUTION_TARGETS, 'B', 'P4', nominalDayMs),
    ).toThrowError(RangeError);
  });
});

describe('validateResolutionTargetTable', () => {
  it('accepts the default and custom units', () => {
    expect(validateResolutionTargetTable(mutableDefault())).toEqual(DEFAULT_RESOLUTION_TARGETS);
    const input = mutableDefault();
    input.C!.P4 = { workingDays: 1.5 };
    const table = validateResolutionTargetTable(input);
    expect(resolutionTargetMs(table, 'C', 'P4', 8 * HOUR)).toBe(12 * HOUR);
  });

  it.each(TARGETS)('refuses the table without cell %s.%s', (grade, priority) => {
    const input = mutableDefault();
    delete input[grade]![priority];
    const error = tableError(() => validateResolutionTargetTable(input));
    expect(error.path).toBe(`targets.${grade}.${priority}`);
    expect(error.message).toBe(`targets.${grade}.${priority}: missing`);
  });

  it.each([
    [
      'a missing grade',
      { A: DEFAULT_RESOLUTION_TARGETS.A, B: DEFAULT_RESOLUTION_TARGETS.B },
      'targets.C',
    ],
    ['an unknown grade', { ...DEFAULT_RESOLUTION_TARGETS, D: {} }, 'targets.D'],
    [
      'an unknown priority',
      { ...DEFAULT_RESOLUTION_TARGETS, A: { ...DEFAULT_RESOLUTION_TARGETS.A, P5: { minutes: 1 } } },
      'targets.A.P5',
    ],
  ])('refuses %s', (_case, input, path) => {
    expect(tableError(() => validateResolutionTargetTable(input)).path).toBe(path);
  });

  it.each([
    ['an unknown unit', { hours: 2 }, 'targets.B.P2'],
    ['two units', { minutes: 60, workingDays: 1 }, 'targets.B.P2'],
    ['a bare number', 60, 'targets.B.P2'],
    ['zero minutes', { minutes: 0 }, 'targets.B.P2.minutes'],
    ['negative working days', { workingDays: -1 }, 'targets.B.P2.workingDays'],
    ['fractional minutes', { minutes: 1.5 }, 'targets.B.P2.minutes'],
    ['a string amount', { minutes: '60' }, 'targets.B.P2.minutes'],
    ['an infinite amount', { workingDays: Infinity }, 'targets.B.P2.workingDays'],
  ])('refuses a cell with %s', (_case, cell, path) => {
    const input = mutableDefault();
    input.B!.P2 = cell;
    const error = tableError(() => validateResolutionTargetTable(input));
    expect(error.path).toBe(path);
    expect(error.message.startsWith(`${path}: `)).toBe(true);
  });
});

describe('effectiveGrade', () => {
  const at = (iso: string) => Date.parse(iso);
  const ovms = { id: 'ovms', grade: 'B' } as const;
  // The 2015 nationwide bidding, phase 2: OVMS handled as grade A.
  const bidding: Campaign = {
    id: 'bidding-2015-2',
    name: '全网二期线上招标',
    systemIds: ['ovms'],
    start: at('2015-07-20T00:00:00+08:00'),
    end: at('2015-08-01T00:00:00+08:00'),
    gradeOverride: 'A',
    calendarId: 'bidding-window',
  };

  it('is the system grade outside any campaign', () => {
    expect(effectiveGrade(ovms, [], at('2015-07-21T10:00:00+08:00'))).toEqual({ grade: 'B' });
    expect(effectiveGrade(ovms, [bidding], at('2015-07-19T23:59:59+08:00'))).toEqual({
      grade: 'B',
    });
  });

  it('is the override on the half-open interval [start, end)', () => {
    expect(effectiveGrade(ovms, [bidding], bidding.start)).toEqual({
      grade: 'A',
      campaign: bidding,
    });
    expect(effectiveGrade(ovms, [bidding], bidding.end - 1).grade).toBe('A');
    expect(effectiveGrade(ovms, [bidding], bidding.end)).toEqual({ grade: 'B' });
  });

  it('ignores campaigns for other systems', () => {
    const other = { id: 'tms', grade: 'C' } as const;
    expect(effectiveGrade(other, [bidding], bidding.start)).toEqual({ grade: 'C' });
  });

  it('returns a campaign without override for its calendar, keeping the system grade', () => {
    const window: Campaign = { ...bidding, id: 'window', gradeOverride: undefined };
    expect(effectiveGrade(ovms, [window], bidding.start)).toEqual({ grade: 'B', campaign: window });
  });

  describe('with overlapping campaigns', () => {
    const later: Campaign = { ...bidding, id: 'later', start: bidding.start + HOUR };
    const lenient: Campaign = {
      ...bidding,
      id: 'lenient',
      gradeOverride: 'C',
      start: later.start + HOUR,
    };
    const same: Campaign = { ...later, id: 'a-same-start' };
    const t = later.start + 2 * HOUR;

    it('takes the strictest grade first', () => {
      expect(effectiveGrade(ovms, [lenient, bidding], t).campaign).toBe(bidding);
      expect(effectiveGrade(ovms, [bidding, lenient], t).campaign).toBe(bidding);
    });

    it('then the latest start', () => {
      expect(effectiveGrade(ovms, [bidding, later], t).campaign).toBe(later);
      expect(effectiveGrade(ovms, [later, bidding], t).campaign).toBe(later);
    });

    it('then the smallest id, whatever the order', () => {
      expect(effectiveGrade(ovms, [later, same], t).campaign).toBe(same);
      expect(effectiveGrade(ovms, [same, later], t).campaign).toBe(same);
    });

    it('ranks a campaign without override at the system grade', () => {
      const window: Campaign = { ...bidding, id: 'window', gradeOverride: undefined, start: t };
      expect(effectiveGrade(ovms, [window, lenient], t).campaign).toBe(window);
      expect(effectiveGrade(ovms, [window, bidding], t).campaign).toBe(bidding);
    });
  });

  it('does not mutate its inputs', () => {
    const campaigns = Object.freeze([Object.freeze({ ...bidding })]);
    expect(() =>
      effectiveGrade(Object.freeze({ ...ovms }), campaigns, bidding.start),
    ).not.toThrow();
  });
});
