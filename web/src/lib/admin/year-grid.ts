/**
 * The year view of a service-window calendar: twelve months of weeks (Monday first), each date
 * with what it is — a working day of the weekly hours, a weekend (a weekday without hours), an
 * official or manual holiday, a 调休 working day, or a date with its own hours. Pure: the dates
 * are the calendar's local dates, so no time zone is involved.
 */
import type { Schemas } from '../../api/client';

export type WorkingInterval = Schemas['WorkingInterval'];
export type WeeklyHours = Schemas['WeeklyHours'];
export type CalendarException = Schemas['CalendarException'];
export type CalendarCoverage = Schemas['CalendarCoverage'];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type DayKind = 'working' | 'weekend' | 'holiday' | 'workday' | 'hours';
export const DAY_KINDS: readonly DayKind[] = ['working', 'weekend', 'holiday', 'workday', 'hours'];

export interface GridDay {
  /** YYYY-MM-DD */
  date: string;
  day: number;
  weekday: Weekday;
  kind: DayKind;
  /** The exception's name (e.g. 国庆节 National Day), if any. */
  name: string | null;
  /** Where the exception came from; null for a plain day of the weekly hours. */
  source: CalendarException['source'] | null;
  /** Working intervals of the date (none on a weekend or holiday). */
  hours: readonly WorkingInterval[];
  /** Working minutes of the date. */
  minutes: number;
}

export interface GridMonth {
  /** 1…12 */
  month: number;
  /** Rows of seven cells, Monday first; null pads before the 1st and after the last day. */
  weeks: (GridDay | null)[][];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** @example isoDate(2026, 10, 1) // → '2026-10-01' */
export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** @example weekdayOf(2026, 10, 1) // → 'thu' */
export function weekdayOf(year: number, month: number, day: number): Weekday {
  const sundayFirst = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return WEEKDAYS[(sundayFirst + 6) % 7] as Weekday;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** @example minutesOf('09:30') // → 570 */
export function minutesOf(time: string): number {
  const [hours = '0', minutes = '0'] = time.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/** Working minutes of a list of intervals. */
export function intervalMinutes(intervals: readonly WorkingInterval[] | null | undefined): number {
  return (intervals ?? []).reduce(
    (sum, { start, end }) => sum + Math.max(0, minutesOf(end) - minutesOf(start)),
    0,
  );
}

/** The default hours of a 调休 working day: the calendar's own, else its Monday's. */
export function adjustedHoursOf(
  weekly: WeeklyHours,
  adjustedWorkdayHours: readonly WorkingInterval[] | null | undefined,
): readonly WorkingInterval[] {
  return adjustedWorkdayHours ?? weekly.mon ?? [];
}

/**
 * @example yearGrid(2026, { mon: [{ start: '09:00', end: '18:00' }] }, [])[0].weeks[0]
 * // → [null, null, null, { date: '2026-01-01', kind: 'weekend', … }, …] (1 Jan 2026 is a Thursday)
 */
export function yearGrid(
  year: number,
  weekly: WeeklyHours,
  exceptions: readonly CalendarException[],
  adjustedWorkdayHours: readonly WorkingInterval[] | null = null,
): GridMonth[] {
  const byDate = new Map(exceptions.map((exception) => [exception.date, exception]));
  const adjustedHours = adjustedHoursOf(weekly, adjustedWorkdayHours);
  const months: GridMonth[] = [];
  for (let month = 1; month <= 12; month += 1) {
    const cells: (GridDay | null)[] = [];
    const lead = WEEKDAYS.indexOf(weekdayOf(year, month, 1));
    for (let i = 0; i < lead; i += 1) cells.push(null);
    for (let day = 1; day <= daysInMonth(year, month); day += 1) {
      const date = isoDate(year, month, day);
      const weekday = weekdayOf(year, month, day);
      const exception = byDate.get(date);
      const weeklyHours = weekly[weekday] ?? [];
      let kind: DayKind = intervalMinutes(weeklyHours) > 0 ? 'working' : 'weekend';
      let hours: readonly WorkingInterval[] = kind === 'working' ? weeklyHours : [];
      if (exception?.kind === 'holiday') {
        kind = 'holiday';
        hours = [];
      } else if (exception?.kind === 'workday') {
        kind = 'workday';
        hours = adjustedHours;
      } else if (exception?.kind === 'hours') {
        kind = 'hours';
        hours = exception.hours ?? [];
      }
      cells.push({
        date,
        day,
        weekday,
        kind,
        name: exception?.name ?? null,
        source: exception?.source ?? null,
        hours,
        minutes: intervalMinutes(hours),
      });
    }
    while (cells.length % 7 !== 0) cells.push(null);
    const weeks: (GridDay | null)[][] = [];
    for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
    months.push({ month, weeks });
  }
  return months;
}

/** How many dates of each kind a grid has, e.g. for the legend. */
export function countKinds(months: readonly GridMonth[]): Record<DayKind, number> {
  const counts: Record<DayKind, number> = {
    working: 0,
    weekend: 0,
    holiday: 0,
    workday: 0,
    hours: 0,
  };
  for (const { weeks } of months)
    for (const week of weeks) for (const day of week) if (day) counts[day.kind] += 1;
  return counts;
}

/**
 * Whether a year of the calendar has China's official holidays and 调休 days:
 * `imported`; `not_imported` (the data exists, the calendar lacks it); `no_data` (none published
 * yet, e.g. next year before December: the year runs on the weekly hours and manual dates).
 *
 * @example yearCoverage({ officialDataYears: { first: 2004, last: 2026 }, importedYears: [2026], … }, 2027)
 * // → 'no_data'
 */
export type YearCoverage = 'imported' | 'not_imported' | 'no_data';

export function yearCoverage(coverage: CalendarCoverage, year: number): YearCoverage {
  if (coverage.importedYears.includes(year)) return 'imported';
  const { first, last } = coverage.officialDataYears;
  if (coverage.missingYears.includes(year) || year < first || year > last) return 'no_data';
  return 'not_imported';
}

/** The years to offer in the year selector: the data package's span, this year and next, and any year with dates. */
export function selectableYears(
  coverage: CalendarCoverage,
  exceptions: readonly CalendarException[],
  thisYear: number,
): number[] {
  const years = new Set<number>([thisYear - 1, thisYear, thisYear + 1, thisYear + 2]);
  for (const year of coverage.importedYears) years.add(year);
  for (const year of coverage.missingYears) years.add(year);
  for (const { date } of exceptions) years.add(Number(date.slice(0, 4)));
  return [...years].sort((a, b) => a - b);
}

/**
 * The date `days` after `date` (before, if negative), kept inside `year`: the year view's arrow
 * keys move by a day or a week and stop at the year's first and last dates.
 * @example stepDate('2026-12-29', 7, 2026) // → '2026-12-31'
 */
export function stepDate(date: string, days: number, year: number): string {
  const [y = year, m = 1, d = 1] = date.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
  const first = isoDate(year, 1, 1);
  const last = isoDate(year, 12, 31);
  return next < first ? first : next > last ? last : next;
}

/**
 * Years as runs: `2004–2026, 2028`.
 * @example yearRuns([2026, 2004, 2005, 2028]) // → '2004–2005, 2026, 2028'
 */
export function yearRuns(years: readonly number[]): string {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j += 1;
    runs.push(j > i ? `${sorted[i]}–${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return runs.join(', ');
}
