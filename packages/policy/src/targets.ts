/**
 * Resolution targets (plan §5.2, DOMAIN.md §4): grade × priority → working time to resolve, and
 * the grade a system has at an instant once campaigns (time-bounded overrides) are applied.
 */
import { GRADES, MINUTE, PRIORITIES } from './model.js';
import type { Grade, Instant, Millis, Priority } from './model.js';
import { PolicyTableError, readTableRecord } from './priority.js';

/**
 * One cell of the target table, in working time: minutes, or working days of the calendar's
 * nominal length (一个工作日 = 8 h by default).
 */
export type ResolutionTarget = { readonly minutes: number } | { readonly workingDays: number };

/** 事件解决时限定义: grade (A strictest) × priority → target. */
export type ResolutionTargetTable = Readonly<
  Record<Grade, Readonly<Record<Priority, ResolutionTarget>>>
>;

/** The plan's targets, all in working time inside the service window. */
export const DEFAULT_RESOLUTION_TARGETS: ResolutionTargetTable = Object.freeze({
  A: Object.freeze({
    P1: Object.freeze({ minutes: 30 }),
    P2: Object.freeze({ minutes: 60 }),
    P3: Object.freeze({ minutes: 120 }),
    P4: Object.freeze({ minutes: 240 }),
  }),
  B: Object.freeze({
    P1: Object.freeze({ minutes: 60 }),
    P2: Object.freeze({ minutes: 120 }),
    P3: Object.freeze({ minutes: 240 }),
    P4: Object.freeze({ workingDays: 1 }),
  }),
  C: Object.freeze({
    P1: Object.freeze({ minutes: 120 }),
    P2: Object.freeze({ minutes: 240 }),
    P3: Object.freeze({ workingDays: 1 }),
    P4: Object.freeze({ workingDays: 2 }),
  }),
});

function readResolutionTarget(cell: unknown, path: string): ResolutionTarget {
  if (typeof cell !== 'object' || cell === null || Array.isArray(cell)) {
    throw new PolicyTableError(path, 'expected { minutes } or { workingDays }');
  }
  const keys = Object.keys(cell);
  const unit = keys[0];
  if (keys.length !== 1 || (unit !== 'minutes' && unit !== 'workingDays')) {
    throw new PolicyTableError(path, 'expected exactly one of { minutes } or { workingDays }');
  }
  const amount: unknown = (cell as Record<string, unknown>)[unit];
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) {
    throw new PolicyTableError(`${path}.${unit}`, `${String(amount)} is not a positive number`);
  }
  if (unit === 'minutes' && !Number.isInteger(amount)) {
    throw new PolicyTableError(`${path}.minutes`, `${amount} is not a whole number of minutes`);
  }
  return Object.freeze(unit === 'minutes' ? { minutes: amount } : { workingDays: amount });
}

/**
 * Checks a custom target table: every grade × priority cell present, each `{ minutes: n }`
 * (whole, positive) or `{ workingDays: n }` (positive), no unknown key. Returns a frozen copy or
 * throws a {@link PolicyTableError}.
 *
 * @example
 * validateResolutionTargetTable({ ...DEFAULT_RESOLUTION_TARGETS, C: { P1: { hours: 2 } } });
 * // throws PolicyTableError 'targets.C.P1: expected exactly one of { minutes } or { workingDays }'
 */
export function validateResolutionTargetTable(input: unknown): ResolutionTargetTable {
  return readTableRecord(input, 'targets', GRADES, (row, rowPath) =>
    readTableRecord(row, rowPath, PRIORITIES, readResolutionTarget),
  );
}

/**
 * The target of a grade and priority as working milliseconds; working days count
 * `nominalDayMs` each (the calendar's `nominalDayMs`, 8 h by default).
 *
 * @example
 * resolutionTargetMs(DEFAULT_RESOLUTION_TARGETS, 'B', 'P3', 8 * HOUR); // 4 * HOUR
 * resolutionTargetMs(DEFAULT_RESOLUTION_TARGETS, 'C', 'P4', 8 * HOUR); // 16 * HOUR
 */
export function resolutionTargetMs(
  table: ResolutionTargetTable,
  grade: Grade,
  priority: Priority,
  nominalDayMs: Millis,
): Millis {
  if (!Number.isFinite(nominalDayMs) || nominalDayMs <= 0) {
    throw new RangeError(`nominalDayMs must be a positive duration, got ${nominalDayMs}`);
  }
  const target = table[grade][priority];
  return 'minutes' in target
    ? target.minutes * MINUTE
    : Math.round(target.workingDays * nominalDayMs);
}

/**
 * A time-bounded override for some systems, e.g. the nationwide bidding: OVMS (grade B) is
 * handled as grade A, possibly under the campaign's own service window (`calendarId`).
 * Active on the half-open interval [start, end).
 */
export interface Campaign {
  readonly id: string;
  readonly name: string;
  readonly systemIds: readonly string[];
  readonly start: Instant;
  readonly end: Instant;
  readonly gradeOverride?: Grade;
  readonly calendarId?: string;
}

/** A system as far as targets care: its own grade. */
export interface GradedSystem {
  readonly id: string;
  readonly grade: Grade;
}

/** The grade in force and the campaign that set it (absent when none is active). */
export interface EffectiveGrade {
  readonly grade: Grade;
  readonly campaign?: Campaign;
}

const gradeRank = (grade: Grade): number => GRADES.indexOf(grade);

/**
 * The grade a system is handled as at `at` (the reported time of an incident). Among the active
 * campaigns covering the system, the one whose grade is strictest wins (A before B before C; a
 * campaign without an override counts as the system's own grade), then the latest start (the
 * more specific, later decision), then the smallest id, so the choice never depends on order.
 * The winning campaign is returned even without a grade override: it may bring its calendar.
 *
 * @example
 * const ovms = { id: 'ovms', grade: 'B' } as const;
 * const bidding = { id: 'c1', name: '全网二期线上招标', systemIds: ['ovms'],
 *   start: Date.parse('2015-07-20T00:00:00+08:00'), end: Date.parse('2015-08-01T00:00:00+08:00'),
 *   gradeOverride: 'A' } as const;
 * effectiveGrade(ovms, [bidding], Date.parse('2015-07-21T10:00:00+08:00')); // { grade: 'A', campaign: bidding }
 * effectiveGrade(ovms, [bidding], Date.parse('2015-08-01T00:00:00+08:00')); // { grade: 'B' }
 */
export function effectiveGrade(
  system: GradedSystem,
  campaigns: readonly Campaign[],
  at: Instant,
): EffectiveGrade {
  let winner: { grade: Grade; campaign: Campaign } | undefined;
  for (const campaign of campaigns) {
    if (!campaign.systemIds.includes(system.id) || at < campaign.start || at >= campaign.end) {
      continue;
    }
    const grade = campaign.gradeOverride ?? system.grade;
    if (
      winner === undefined ||
      gradeRank(grade) < gradeRank(winner.grade) ||
      (grade === winner.grade &&
        (campaign.start > winner.campaign.start ||
          (campaign.start === winner.campaign.start && campaign.id < winner.campaign.id)))
    ) {
      winner = { grade, campaign };
    }
  }
  return winner ?? { grade: system.grade };
}
