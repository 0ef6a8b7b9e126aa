/**
 * Working-time arithmetic on a service-window calendar (DOMAIN.md §5): add working time to an
 * instant, measure it between two instants, both honouring pauses of the SLA clock.
 *
 * Wall-clock rule, DST included: an instant is working time when its local date and local time in
 * the calendar's zone fall inside that date's working intervals. Wall-clock minutes skipped by a
 * spring-forward transition do not exist and are not worked; minutes repeated by a fall-back
 * transition are worked each time they occur.
 */
import { MINUTE } from '../model.js';
import type { Instant, Millis } from '../model.js';
import { dayRulesOf, nominalDayMinutesOf } from './definition.js';
import { CalendarEngine, FIRST_INSTANT, LAST_INSTANT } from './engine.js';
import { CalendarError } from './types.js';
import type { CalendarDefinition, Interval, WorkingCalendar } from './types.js';
import { canonicalTimeZone } from './zone-offsets.js';

const engines = new WeakMap<WorkingCalendar, CalendarEngine>();

/**
 * Validates a calendar definition and compiles it for queries. Throws a `CalendarError` naming
 * the field (bad zone, bad `HH:mm`, `start >= end`, overlapping intervals, bad date, unknown
 * exception kind, no working time at all). The input is not kept: the result holds a frozen copy.
 *
 * A calendar whose weekly pattern is empty works only on its `hours`/`workday` exceptions; past
 * the last of them, `addWorkingTime` and `nextWorkingInstant` throw `no-working-time-after`.
 *
 * @example
 * const calendar = compileCalendar({
 *   timeZone: 'Asia/Shanghai',
 *   weekly: { mon: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }] },
 *   exceptions: [{ date: '2026-10-05', kind: 'holiday', name: '国庆节' }],
 * });
 * calendar.nominalDayMs; // 28_800_000 (8 h)
 */
export function compileCalendar(def: CalendarDefinition): WorkingCalendar {
  if (typeof def !== 'object' || def === null) {
    throw new CalendarError('invalid-argument', 'a calendar definition object is required');
  }
  const timeZone = canonicalTimeZone(def.timeZone);
  const rules = dayRulesOf(def);
  const nominalDayMs = nominalDayMinutesOf(def) * MINUTE;
  const calendar: WorkingCalendar = Object.freeze({
    definition: frozenCopy(def),
    nominalDayMs,
  });
  engines.set(calendar, new CalendarEngine(rules, timeZone));
  return calendar;
}

/**
 * The earliest instant `t >= start` at which `duration` of working time has passed since
 * `start`, not counting working time inside `pauses`. A target used up exactly at the end of an
 * interval is due then (12:00, not 13:00 when work resumes); `duration` 0 gives `start`.
 * Pauses may overlap, be unsorted, reach outside the span, or never end (`end: Infinity`).
 *
 * @throws CalendarError `no-working-time-after` when the duration cannot be used up (an
 *   exception-only calendar runs out, or a pause never ends); `out-of-range` when the answer lies
 *   after 2200-01-01; `invalid-argument` for a non-finite start or a negative duration.
 * @example
 * // Friday 2026-02-13 16:00 Asia/Shanghai + 8 working hours, default calendar:
 * // Fri 16:00–18:00 (2 h), Sat 2026-02-14 is a 调休 working day: 09:00–12:00 (3 h), 13:00–16:00 (3 h)
 * addWorkingTime(calendar, Date.parse('2026-02-13T16:00+08:00'), 8 * HOUR);
 * // → Date.parse('2026-02-14T16:00+08:00')
 */
export function addWorkingTime(
  cal: WorkingCalendar,
  start: Instant,
  duration: Millis,
  pauses: readonly Interval[] = [],
): Instant {
  const engine = engineOf(cal);
  assertInstant(start, 'start');
  if (typeof duration !== 'number' || !Number.isFinite(duration) || duration < 0) {
    throw new CalendarError(
      'invalid-argument',
      `duration must be a finite number >= 0, not ${duration}`,
    );
  }
  if (duration === 0) return start;
  let cursor = start;
  let remaining = duration;
  for (const pause of mergedPauses(pauses, start, Infinity)) {
    const due = engine.add(cursor, remaining, pause.start);
    if (due !== undefined) return due;
    remaining -= engine.between(cursor, pause.start);
    if (pause.end === Infinity) {
      throw new CalendarError(
        'no-working-time-after',
        `paused from ${new Date(pause.start).toISOString()} with no end, before the working time was used up`,
      );
    }
    cursor = pause.end;
  }
  return engine.add(cursor, remaining, Infinity) as Instant;
}

/**
 * Working time in `[from, to)` minus the working time inside `pauses` (which may overlap, be
 * unsorted or reach outside the span). When `to <= from` the answer is 0, never negative.
 *
 * @example
 * // Monday 2026-03-02 11:00 → 14:00 Asia/Shanghai, lunch 12:00–13:00 is not working time:
 * workingTimeBetween(calendar, Date.parse('2026-03-02T11:00+08:00'), Date.parse('2026-03-02T14:00+08:00'));
 * // → 2 * HOUR
 */
export function workingTimeBetween(
  cal: WorkingCalendar,
  from: Instant,
  to: Instant,
  pauses: readonly Interval[] = [],
): Millis {
  const engine = engineOf(cal);
  assertInstant(from, 'from');
  assertInstant(to, 'to');
  if (to <= from) return 0;
  let worked = engine.between(from, to);
  for (const pause of mergedPauses(pauses, from, to))
    worked -= engine.between(pause.start, pause.end);
  return worked;
}

/**
 * Whether `at` is inside a working interval (intervals are half-open: an interval's end is not).
 *
 * @example
 * isWorkingTime(calendar, Date.parse('2026-03-02T12:00+08:00')); // false: lunch starts at 12:00
 */
export function isWorkingTime(cal: WorkingCalendar, at: Instant): boolean {
  const engine = engineOf(cal);
  assertInstant(at, 'at');
  return engine.isWorking(at);
}

/**
 * `at` itself when it is working time, else the start of the next working interval.
 *
 * @example
 * // Friday 2026-02-13 18:30 Asia/Shanghai → the 调休 Saturday's 09:00
 * nextWorkingInstant(calendar, Date.parse('2026-02-13T18:30+08:00'));
 * // → Date.parse('2026-02-14T09:00+08:00')
 */
export function nextWorkingInstant(cal: WorkingCalendar, at: Instant): Instant {
  const engine = engineOf(cal);
  assertInstant(at, 'at');
  return engine.next(at);
}

function engineOf(cal: WorkingCalendar): CalendarEngine {
  const engine = engines.get(cal);
  if (engine === undefined) {
    throw new CalendarError('invalid-argument', 'not a calendar built by compileCalendar');
  }
  return engine;
}

function assertInstant(at: Instant, name: string): void {
  if (typeof at !== 'number' || !Number.isFinite(at)) {
    throw new CalendarError(
      'invalid-argument',
      `${name} must be a finite epoch-ms instant, not ${at}`,
    );
  }
  if (at < FIRST_INSTANT || at > LAST_INSTANT) {
    throw new CalendarError(
      'out-of-range',
      `${name} ${new Date(at).toISOString()} is outside the supported range 1900-01-01T00:00Z–2200-01-01T00:00Z`,
    );
  }
}

/** Pauses clipped to `[from, to)`, sorted, overlapping or touching ones merged, empty ones dropped. */
function mergedPauses(pauses: readonly Interval[], from: Instant, to: Instant): Interval[] {
  const clipped: Interval[] = [];
  pauses.forEach((pause, index) => {
    if (!isInstantOrInfinity(pause?.start) || !isInstantOrInfinity(pause.end)) {
      throw new CalendarError(
        'invalid-argument',
        `pauses[${index}] must have numeric start and end`,
      );
    }
    const start = Math.max(pause.start, from);
    const end = Math.min(pause.end, to);
    if (start < end) clipped.push({ start, end });
  });
  clipped.sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const pause of clipped) {
    const last = merged[merged.length - 1];
    if (last !== undefined && pause.start <= last.end) last.end = Math.max(last.end, pause.end);
    else merged.push(pause);
  }
  return merged;
}

function isInstantOrInfinity(value: unknown): boolean {
  return typeof value === 'number' && !Number.isNaN(value);
}

/** A deep copy, frozen, of plain definition data (objects, arrays, strings, numbers). */
function frozenCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  const copy = Array.isArray(value)
    ? value.map(frozenCopy)
    : Object.fromEntries(Object.entries(value).map(([key, child]) => [key, frozenCopy(child)]));
  return Object.freeze(copy) as T;
}
