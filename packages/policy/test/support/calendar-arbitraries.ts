/**
 * fast-check generators for working-time calendars: random zones (DST ones included), weekly
 * hours, exceptions and minute-aligned instants drawn around each zone's interesting dates
 * (offset transitions, a skipped date, Spring Festival), so that short spans still cross them.
 */
import fc from 'fast-check';
import { MINUTE } from '../../src/model.js';
import type { Instant } from '../../src/model.js';
import type {
  CalendarDefinition,
  DateException,
  Interval,
  WorkingInterval,
} from '../../src/calendar/index.js';

const DAY = 1440 * MINUTE;
/** Instants are drawn this many days either side of an anchor date. */
export const WINDOW_DAYS = 6;

/** Zones and local dates worth crossing (checked against Intl: each anchor is a transition). */
export const ZONE_ANCHORS: readonly { timeZone: string; anchors: readonly string[] }[] = [
  // 02:00 → 03:00 and 02:00 → 01:00
  { timeZone: 'America/New_York', anchors: ['2026-03-08', '2026-11-01'] },
  // 01:00 → 02:00 and 02:00 → 01:00
  { timeZone: 'Europe/London', anchors: ['2026-03-29', '2026-10-25'] },
  // 30-minute DST: 02:00 → 01:30 and 02:00 → 02:30
  { timeZone: 'Australia/Lord_Howe', anchors: ['2026-04-05', '2026-10-04'] },
  // midnight transitions: 00:00 → 01:00 (no 00:xx on 03-08) and 01:00 → 00:00
  { timeZone: 'America/Havana', anchors: ['2026-03-08', '2026-11-01'] },
  // 24:00 → 23:00 (the repeated hour ends the day) and 00:00 → 01:00
  { timeZone: 'America/Santiago', anchors: ['2026-04-04', '2026-09-06'] },
  // 2011-12-30 never happened in Samoa (UTC-10 → UTC+14)
  { timeZone: 'Pacific/Apia', anchors: ['2011-12-30', '2011-09-24'] },
  // +12:45 / +13:45
  { timeZone: 'Pacific/Chatham', anchors: ['2026-04-05', '2026-09-27'] },
  // no DST, quarter-hour offset
  { timeZone: 'Asia/Kathmandu', anchors: ['2026-06-15'] },
  { timeZone: 'Asia/Shanghai', anchors: ['2026-02-17'] },
  { timeZone: 'UTC', anchors: ['2026-06-15'] },
];

const CRITICAL_MINUTES = [0, 30, 60, 90, 120, 150, 180, 1320, 1380, 1410, 1440];
const minutePoint = fc.oneof(
  fc.constantFrom(...CRITICAL_MINUTES),
  fc.integer({ min: 0, max: 1440 }),
);

export function hhmm(minutes: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** 0–3 non-overlapping intervals of a day, from sorted distinct boundary minutes. */
export const dayHours: fc.Arbitrary<WorkingInterval[]> = fc
  .uniqueArray(minutePoint, { maxLength: 6 })
  .map((points) => {
    const sorted = [...points].sort((a, b) => a - b);
    const hours: WorkingInterval[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) {
      hours.push({ start: hhmm(sorted[i] as number), end: hhmm(sorted[i + 1] as number) });
    }
    return hours;
  });

const weekly = fc.record(
  {
    mon: dayHours,
    tue: dayHours,
    wed: dayHours,
    thu: dayHours,
    fri: dayHours,
    sat: dayHours,
    sun: dayHours,
  },
  { requiredKeys: ['mon', 'tue', 'wed', 'thu', 'fri'] },
);

function localDate(anchor: string, days: number): string {
  return new Date(Date.parse(`${anchor}T00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

function exception(anchor: string): fc.Arbitrary<DateException> {
  const date = fc.integer({ min: -WINDOW_DAYS, max: WINDOW_DAYS }).map((d) => localDate(anchor, d));
  return fc.oneof(
    fc.record({ date, kind: fc.constant('holiday' as const) }),
    fc.record({ date, kind: fc.constant('workday' as const) }),
    fc.record({ date, kind: fc.constant('hours' as const), hours: dayHours }),
  );
}

export interface CalendarCase {
  definition: CalendarDefinition;
  /** UTC midnight of the anchor date: instants are drawn within WINDOW_DAYS of it. */
  anchorInstant: Instant;
}

/**
 * A random calendar around one anchor of one zone. One in twenty has an empty weekly pattern (its
 * working time comes from exceptions only, or it has none and must be refused).
 */
export const calendarCase: fc.Arbitrary<CalendarCase> = fc
  .constantFrom(...ZONE_ANCHORS)
  .chain(({ timeZone, anchors }) =>
    fc.constantFrom(...anchors).map((anchor) => ({ timeZone, anchor })),
  )
  .chain(({ timeZone, anchor }) =>
    fc
      .record({
        weekly: fc.oneof(
          { weight: 9, arbitrary: weekly },
          { weight: 1, arbitrary: fc.constant({}) },
        ),
        exceptions: fc.array(exception(anchor), { maxLength: 5 }),
        adjustedWorkdayHours: fc.option(dayHours, { nil: undefined }),
      })
      .map(({ weekly: hours, exceptions, adjustedWorkdayHours }) => ({
        definition: {
          timeZone,
          weekly: hours,
          exceptions,
          ...(adjustedWorkdayHours === undefined ? {} : { adjustedWorkdayHours }),
        },
        anchorInstant: Date.parse(`${anchor}T00:00Z`),
      })),
  );

/** A minute-aligned instant within the window around `anchorInstant`, half of them within a day. */
export function instantNear(anchorInstant: Instant): fc.Arbitrary<Instant> {
  const within = (days: number) => fc.integer({ min: -days * 1440, max: days * 1440 });
  return fc.oneof(within(1), within(WINDOW_DAYS)).map((m) => anchorInstant + m * MINUTE);
}

/** Up to four minute-aligned pauses around `[from, from + spanMinutes)`: unsorted, overlapping. */
export function pausesAround(from: Instant, spanMinutes: number): fc.Arbitrary<Interval[]> {
  const pause = fc
    .record({
      start: fc.integer({ min: -120, max: spanMinutes + 120 }),
      length: fc.integer({ min: 0, max: Math.max(60, Math.ceil(spanMinutes / 2)) }),
    })
    .map(({ start, length }) => ({
      start: from + start * MINUTE,
      end: from + (start + length) * MINUTE,
    }));
  return fc.array(pause, { maxLength: 4 });
}
