/**
 * The vocabulary of working-time calendars (DOMAIN.md §5): the definition an admin edits, and the
 * compiled calendar the SLA clock queries.
 */
import type { Instant, Millis } from '../model.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * Local wall-clock hours `'HH:mm'`, half-open: `start` is working, `end` is not. `end` may be
 * `'24:00'`; `start < end`; the intervals of one day do not overlap (they may touch).
 */
export interface WorkingInterval {
  start: string;
  end: string;
}

/** A local date (`'YYYY-MM-DD'`) that does not follow the weekly pattern. */
export type DateException =
  /** No work that day. */
  | { date: string; kind: 'holiday'; name?: string }
  /** 调休: an adjusted working day (usually a weekend) that works `adjustedWorkdayHours`. */
  | { date: string; kind: 'workday'; name?: string }
  /** A date with its own hours (an empty list is a day off). */
  | { date: string; kind: 'hours'; hours: WorkingInterval[]; name?: string };

export interface CalendarDefinition {
  /** IANA time zone of the wall clock the hours are read on, e.g. `'Asia/Shanghai'`. */
  timeZone: string;
  /** Working intervals per weekday; a missing or empty weekday is a day off. */
  weekly: Partial<Record<Weekday, WorkingInterval[]>>;
  /** Date exceptions; when a date appears twice, the later entry wins (corrections append). */
  exceptions?: readonly DateException[];
  /** Hours of a `workday` exception; default: Monday's hours, else the first weekday with hours. */
  adjustedWorkdayHours?: WorkingInterval[];
  /** Length of "1 working day" in working minutes; default 480 (8 h). */
  nominalDayMinutes?: number;
}

/** Half-open interval of instants `[start, end)`. */
export interface Interval {
  start: Instant;
  end: Instant;
}

/** A validated calendar, ready for queries. Build it with `compileCalendar`. */
export interface WorkingCalendar {
  /** A frozen copy of the definition it was compiled from. */
  readonly definition: CalendarDefinition;
  /** "1 working day" in milliseconds of working time. */
  readonly nominalDayMs: Millis;
}

export type CalendarErrorCode =
  /** The time zone is not an IANA zone this runtime knows. */
  | 'invalid-time-zone'
  /** A `weekly` key is not one of `mon`…`sun`. */
  | 'invalid-weekday'
  /** Not `'HH:mm'` (or `'24:00'` as an end). */
  | 'invalid-time'
  /** `start >= end`. */
  | 'empty-interval'
  /** Two intervals of one day overlap. */
  | 'overlapping-intervals'
  /** Not an existing `'YYYY-MM-DD'` date inside the supported years. */
  | 'invalid-date'
  /** An exception of an unknown kind, or without its hours. */
  | 'invalid-exception'
  /** A `workday` exception with no hours to work (empty weekly pattern, no `adjustedWorkdayHours`). */
  | 'missing-adjusted-workday-hours'
  /** `nominalDayMinutes` is not a positive number. */
  | 'invalid-nominal-day'
  /** The calendar has no working time at all. */
  | 'no-working-time'
  /** The answer lies after the calendar's last working time (exception-only calendars, endless pauses). */
  | 'no-working-time-after'
  /** An instant outside the supported range (1900-01-01 to 2200-01-01 UTC). */
  | 'out-of-range'
  /** A non-finite instant, a negative or non-finite duration, or a calendar not built by `compileCalendar`. */
  | 'invalid-argument';

/**
 * Why a calendar definition or a query was refused; `path` names the field, e.g. `weekly.mon[0].end`.
 *
 * @example
 * try {
 *   compileCalendar({ timeZone: 'Asia/Shanghai', weekly: { mon: [{ start: '9:00', end: '12:00' }] } });
 * } catch (error) {
 *   if (error instanceof CalendarError) error.path; // 'weekly.mon[0].start' (code 'invalid-time')
 * }
 */
export class CalendarError extends Error {
  override readonly name = 'CalendarError';
  readonly code: CalendarErrorCode;
  readonly path?: string;

  constructor(code: CalendarErrorCode, message: string, path?: string) {
    super(path === undefined ? message : `${path}: ${message}`);
    this.code = code;
    if (path !== undefined) this.path = path;
  }
}
