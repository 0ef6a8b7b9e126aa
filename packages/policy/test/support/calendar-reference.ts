/**
 * A deliberately naive working-time reference for the property tests: it walks minute by minute
 * and, for each minute, asks Intl what the wall clock of the zone says, then reads the calendar
 * definition directly. Slow and obviously correct. It works on minute-aligned instants, which is
 * exact when the hours, the pauses and the zone's offsets are whole minutes.
 *
 * Intl answers are memoised per zone and minute (a pure lookup), only to keep the suite fast.
 */
import { MINUTE } from '../../src/model.js';
import type { Instant, Millis } from '../../src/model.js';
import type { CalendarDefinition, Interval, WorkingInterval } from '../../src/calendar/index.js';

const DAY = 1440 * MINUTE;
const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const SEARCH_ORDER = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export interface NaiveCalendar {
  isWorkingMinute(minute: Instant): boolean;
  /** Working minutes in `[from, to)` not inside a pause, in ms. */
  between(from: Instant, to: Instant, pauses?: readonly Interval[]): Millis;
  /** Walks at most `maxMinutes`; `undefined` when the duration is not used up by then. */
  add(
    start: Instant,
    duration: Millis,
    pauses: readonly Interval[],
    maxMinutes: number,
  ): Instant | undefined;
  /** Walks at most `maxMinutes`; `undefined` when no working minute is found by then. */
  next(at: Instant, maxMinutes: number): Instant | undefined;
}

/** Local wall clock of `minute` as `localDayNumber * 1440 + minuteOfDay`. */
const wallClockMemo = new Map<string, Map<number, number>>();

function wallClock(timeZone: string, memo: Map<number, number>, minute: Instant): number {
  const cached = memo.get(minute);
  if (cached !== undefined) return cached;
  // en-US numeric output: "3/8/2026, 03:00"
  const [month, day, year, hour, minuteOfHour] = formatterOf(timeZone)
    .format(minute)
    .split(/\D+/)
    .map(Number) as [number, number, number, number, number];
  const localDay = Date.UTC(year, month - 1, day) / DAY;
  const packed = localDay * 1440 + hour * 60 + minuteOfHour;
  memo.set(minute, packed);
  return packed;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours as number) * 60 + (minutes as number);
}

export function naiveCalendar(def: CalendarDefinition): NaiveCalendar {
  let memo = wallClockMemo.get(def.timeZone);
  if (memo === undefined) {
    memo = new Map();
    wallClockMemo.set(def.timeZone, memo);
  }
  const wallClockMemoOfZone = memo;
  const adjusted =
    def.adjustedWorkdayHours ??
    SEARCH_ORDER.map((weekday) => def.weekly[weekday] ?? []).find((hours) => hours.length > 0) ??
    [];

  /** Working minutes of a local day as flat `[start, end, start, end, …]`, memoised per day. */
  const minutesMemo = new Map<number, number[]>();
  function workingMinutesOf(localDay: number): number[] {
    let minutes = minutesMemo.get(localDay);
    if (minutes === undefined) {
      minutes = hoursOf(localDay).flatMap((interval) => [
        minutesOf(interval.start),
        minutesOf(interval.end),
      ]);
      minutesMemo.set(localDay, minutes);
    }
    return minutes;
  }

  /** The last exception for the date wins, else the weekday's hours. */
  function hoursOf(localDay: number): readonly WorkingInterval[] {
    const date = new Date(localDay * DAY).toISOString().slice(0, 10);
    let hours = def.weekly[WEEKDAY_KEYS[new Date(localDay * DAY).getUTCDay()] ?? 'sun'] ?? [];
    for (const exception of def.exceptions ?? []) {
      if (exception.date !== date) continue;
      if (exception.kind === 'holiday') hours = [];
      else if (exception.kind === 'workday') hours = adjusted;
      else hours = exception.hours;
    }
    return hours;
  }

  function isWorkingMinute(minute: Instant): boolean {
    const packed = wallClock(def.timeZone, wallClockMemoOfZone, minute);
    const localDay = Math.floor(packed / 1440);
    const minuteOfDay = packed - localDay * 1440;
    const working = workingMinutesOf(localDay);
    for (let i = 0; i < working.length; i += 2) {
      if ((working[i] as number) <= minuteOfDay && minuteOfDay < (working[i + 1] as number)) {
        return true;
      }
    }
    return false;
  }

  const paused = (minute: Instant, pauses: readonly Interval[]) =>
    pauses.some((pause) => pause.start <= minute && minute < pause.end);

  return {
    isWorkingMinute,
    between(from, to, pauses = []) {
      let worked = 0;
      for (let minute = from; minute < to; minute += MINUTE) {
        if (isWorkingMinute(minute) && !paused(minute, pauses)) worked += MINUTE;
      }
      return worked;
    },
    add(start, duration, pauses, maxMinutes) {
      if (duration === 0) return start;
      let worked = 0;
      for (let i = 0, minute = start; i < maxMinutes; i++, minute += MINUTE) {
        if (isWorkingMinute(minute) && !paused(minute, pauses)) worked += MINUTE;
        if (worked === duration) return minute + MINUTE;
      }
      return undefined;
    },
    next(at, maxMinutes) {
      for (let i = 0, minute = at; i < maxMinutes; i++, minute += MINUTE) {
        if (isWorkingMinute(minute)) return minute;
      }
      return undefined;
    },
  };
}
