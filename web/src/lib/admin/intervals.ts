/** Working intervals as an admin types them: `09:00-12:00, 13:00-18:00`. */
import type { WeeklyHours, WorkingInterval } from './year-grid';
import { WEEKDAYS, minutesOf } from './year-grid';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** @example formatIntervals([{ start: '09:00', end: '12:00' }]) // → '09:00-12:00' */
export function formatIntervals(intervals: readonly WorkingInterval[] | null | undefined): string {
  return (intervals ?? []).map(({ start, end }) => `${start}-${end}`).join(', ');
}

/**
 * Parses `09:00-12:00, 13:00-18:00` (commas, semicolons or spaces between intervals; `-`, `–`
 * or `~` inside). Empty text is a day off. Returns null for anything else: a malformed time, an
 * interval that ends before it starts, intervals out of order or overlapping.
 *
 * @example parseIntervals('9:00-12:00, 13:00-18:00')
 * // → [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }]
 */
export function parseIntervals(text: string): WorkingInterval[] | null {
  const parts = text
    .split(/[,;，；\s]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const intervals: WorkingInterval[] = [];
  for (const part of parts) {
    const match = /^(\d{1,2}:\d{2})\s*[-–~]\s*(\d{1,2}:\d{2})$/.exec(part);
    if (!match) return null;
    const [start, end] = [match[1], match[2]].map((time) => (time ?? '').padStart(5, '0'));
    if (!start || !end || !TIME.test(start) || !TIME.test(end)) return null;
    if (minutesOf(end) <= minutesOf(start)) return null;
    const previous = intervals[intervals.length - 1];
    if (previous && minutesOf(start) < minutesOf(previous.end)) return null;
    intervals.push({ start, end });
  }
  return intervals;
}

export type WeeklyText = Record<(typeof WEEKDAYS)[number], string>;

export function weeklyToText(weekly: WeeklyHours): WeeklyText {
  return Object.fromEntries(
    WEEKDAYS.map((day) => [day, formatIntervals(weekly[day])]),
  ) as WeeklyText;
}

/**
 * The weekly hours from the text per weekday, or the weekdays whose text does not parse.
 * @example weeklyFromText({ mon: '09:00-18:00', tue: 'x', … }) // → { errors: ['tue'] }
 */
export function weeklyFromText(
  text: WeeklyText,
): { weekly: WeeklyHours; errors: [] } | { weekly: null; errors: (typeof WEEKDAYS)[number][] } {
  const weekly: WeeklyHours = {};
  const errors: (typeof WEEKDAYS)[number][] = [];
  for (const day of WEEKDAYS) {
    const intervals = parseIntervals(text[day]);
    if (intervals === null) errors.push(day);
    else weekly[day] = intervals;
  }
  return errors.length > 0 ? { weekly: null, errors } : { weekly, errors: [] };
}
