/**
 * Validation of a calendar definition into day rules: for each local date, which minutes of its
 * wall clock are working. Every refusal is a CalendarError naming the field.
 */
import { CalendarError, WEEKDAYS } from './types.js';
import type { CalendarDefinition, Weekday, WorkingInterval } from './types.js';
import { DAY } from './zone-offsets.js';

/** `[startMinute, endMinute)` of a local day, `0 <= start < end <= 1440`. */
export type MinuteSpan = readonly [number, number];

export interface DayRules {
  readonly weekly: Readonly<Record<Weekday, readonly MinuteSpan[]>>;
  /** Local day number (days since 1970-01-01) → that date's spans. */
  readonly byDate: ReadonlyMap<number, readonly MinuteSpan[]>;
  /** True when some weekday has hours, so working time never runs out. */
  readonly endless: boolean;
}

/** Local days the engine compiles, `[1899-12-31, 2200-01-02)`: a day either side of the instants it answers for. */
export const FIRST_DAY = Date.UTC(1899, 11, 31) / DAY;
export const END_DAY = Date.UTC(2200, 0, 2) / DAY;

const HH_MM = /^(\d{2}):(\d{2})$/;
const YYYY_MM_DD = /^(\d{4})-(\d{2})-(\d{2})$/;
/** 1970-01-01 was a Thursday. */
const WEEKDAY_OF_EPOCH_DAY: readonly Weekday[] = ['thu', 'fri', 'sat', 'sun', 'mon', 'tue', 'wed'];

function weekdayOfDay(day: number): Weekday {
  return WEEKDAY_OF_EPOCH_DAY[((day % 7) + 7) % 7] as Weekday;
}

/** Spans of a local day number under the rules. */
export function spansOfDay(rules: DayRules, day: number): readonly MinuteSpan[] {
  return rules.byDate.get(day) ?? rules.weekly[weekdayOfDay(day)];
}

/** Validates the weekly pattern, the exceptions and the 调休 hours into day rules. */
export function dayRulesOf(def: CalendarDefinition): DayRules {
  const weekly = weeklySpans(def.weekly);
  const endless = WEEKDAYS.some((weekday) => weekly[weekday].length > 0);
  const adjusted =
    def.adjustedWorkdayHours === undefined
      ? (WEEKDAYS.map((weekday) => weekly[weekday]).find((spans) => spans.length > 0) ?? [])
      : spansOf(def.adjustedWorkdayHours, 'adjustedWorkdayHours');
  const byDate = new Map<number, readonly MinuteSpan[]>();
  const exceptions = def.exceptions ?? [];
  if (!Array.isArray(exceptions)) {
    throw new CalendarError('invalid-exception', 'must be a list', 'exceptions');
  }
  exceptions.forEach((exception, index) => {
    const path = `exceptions[${index}]`;
    const day = dayNumberOf(exception?.date, `${path}.date`);
    switch (exception.kind) {
      case 'holiday':
        byDate.set(day, []);
        break;
      case 'workday':
        if (adjusted.length === 0) {
          throw new CalendarError(
            'missing-adjusted-workday-hours',
            'a workday (调休) exception works adjustedWorkdayHours, which is empty or missing with no weekday hours to default to',
            path,
          );
        }
        byDate.set(day, adjusted);
        break;
      case 'hours':
        if (!Array.isArray(exception.hours)) {
          throw new CalendarError(
            'invalid-exception',
            'an "hours" exception needs its hours',
            `${path}.hours`,
          );
        }
        byDate.set(day, spansOf(exception.hours, `${path}.hours`));
        break;
      default:
        throw new CalendarError(
          'invalid-exception',
          `kind must be "holiday", "workday" or "hours", not ${JSON.stringify((exception as { kind?: unknown }).kind)}`,
          `${path}.kind`,
        );
    }
  });
  if (!endless && ![...byDate.values()].some((spans) => spans.length > 0)) {
    throw new CalendarError(
      'no-working-time',
      'the calendar has no working time: no weekday has hours and no exception adds any',
      'weekly',
    );
  }
  return { weekly, byDate, endless };
}

/** Validates `nominalDayMinutes` (default 480) and returns it. */
export function nominalDayMinutesOf(def: CalendarDefinition): number {
  const minutes = def.nominalDayMinutes ?? 480;
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes <= 0) {
    throw new CalendarError(
      'invalid-nominal-day',
      `must be a positive number of minutes, not ${String(minutes)}`,
      'nominalDayMinutes',
    );
  }
  return minutes;
}

function weeklySpans(weekly: CalendarDefinition['weekly']): Record<Weekday, readonly MinuteSpan[]> {
  if (typeof weekly !== 'object' || weekly === null) {
    throw new CalendarError('invalid-weekday', 'must be an object keyed by mon…sun', 'weekly');
  }
  for (const key of Object.keys(weekly)) {
    if (!(WEEKDAYS as readonly string[]).includes(key)) {
      throw new CalendarError(
        'invalid-weekday',
        `"${key}" is not one of ${WEEKDAYS.join(', ')}`,
        `weekly.${key}`,
      );
    }
  }
  const spans = {} as Record<Weekday, readonly MinuteSpan[]>;
  for (const weekday of WEEKDAYS) {
    const hours = weekly[weekday];
    spans[weekday] = hours === undefined ? [] : spansOf(hours, `weekly.${weekday}`);
  }
  return spans;
}

/** Validated spans of one day's intervals, sorted; `path` names the list. */
function spansOf(hours: readonly WorkingInterval[], path: string): MinuteSpan[] {
  if (!Array.isArray(hours))
    throw new CalendarError('invalid-time', 'must be a list of intervals', path);
  const spans = hours.map((interval, index): MinuteSpan & { index: number } => {
    const at = `${path}[${index}]`;
    const start = minuteOfDay(interval?.start, `${at}.start`, false);
    const end = minuteOfDay(interval.end, `${at}.end`, true);
    if (start >= end) {
      throw new CalendarError(
        'empty-interval',
        `end ${interval.end} must be after start ${interval.start}`,
        `${at}.end`,
      );
    }
    return Object.assign([start, end] as const, { index });
  });
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) {
    const previous = spans[i - 1] as MinuteSpan & { index: number };
    const current = spans[i] as MinuteSpan & { index: number };
    if (current[0] < previous[1]) {
      throw new CalendarError(
        'overlapping-intervals',
        `overlaps ${path}[${previous.index}] (${hours[previous.index]?.start}–${hours[previous.index]?.end})`,
        `${path}[${current.index}]`,
      );
    }
  }
  return spans.map(([start, end]) => [start, end]);
}

function minuteOfDay(text: unknown, path: string, isEnd: boolean): number {
  const match = typeof text === 'string' ? HH_MM.exec(text) : null;
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  if (match !== null && isEnd && hour === 24 && minute === 0) return 1440;
  if (match === null || hour > 23 || minute > 59) {
    const allowed = isEnd ? "'HH:mm' from 00:00 to 24:00" : "'HH:mm' from 00:00 to 23:59";
    throw new CalendarError('invalid-time', `${JSON.stringify(text)} is not ${allowed}`, path);
  }
  return hour * 60 + minute;
}

/** Days since 1970-01-01 of a `'YYYY-MM-DD'` local date. */
function dayNumberOf(text: unknown, path: string): number {
  const match = typeof text === 'string' ? YYYY_MM_DD.exec(text) : null;
  if (match !== null) {
    const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const utc = new Date(Date.UTC(year, month - 1, date));
    const day = utc.getTime() / DAY;
    const exists = utc.getUTCMonth() === month - 1 && utc.getUTCDate() === date;
    if (exists && year >= 1900 && year < 2200) return day;
  }
  throw new CalendarError(
    'invalid-date',
    `${JSON.stringify(text)} is not a 'YYYY-MM-DD' date from 1900-01-01 to 2199-12-31`,
    path,
  );
}
