/**
 * China's official public holidays and adjusted working days (调休), from the `chinese-days`
 * package: the State Council publishes each year's arrangement in December, and the package
 * follows it. We read its published data file rather than its query API, whose date helper reads
 * dates in the process time zone (under TZ=America/New_York it files 2026-02-14 under 02-13).
 */
import officialDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { CalendarDefinition, DateException, WorkingInterval } from './types.js';

/** Date → `'English name,中文名,n'`, e.g. `'Spring Festival,春节,4'`. */
const HOLIDAYS: Readonly<Record<string, string>> = officialDays.holidays;
const WORKDAYS: Readonly<Record<string, string>> = officialDays.workdays;

const YEARS_WITH_DATA: readonly number[] = [
  ...new Set(Object.keys(HOLIDAYS).map((date) => Number(date.slice(0, 4)))),
].sort((a, b) => a - b);

/**
 * The years `chinese-days` has official data for, derived from its data file. A year after
 * `last` (e.g. 2027 before the December announcement) has none yet.
 *
 * @example
 * CHINA_OFFICIAL_DATA_YEARS; // { first: 2004, last: 2026 } with chinese-days 1.5.7
 */
export const CHINA_OFFICIAL_DATA_YEARS: { readonly first: number; readonly last: number } =
  Object.freeze({
    first: YEARS_WITH_DATA[0] as number,
    last: YEARS_WITH_DATA[YEARS_WITH_DATA.length - 1] as number,
  });

export interface ChinaOfficialExceptions {
  /** Holidays and 调休 working days of the covered years, by date. */
  exceptions: DateException[];
  coveredYears: number[];
  /** Requested years without official data: flag them, and let admins add the dates. */
  missingYears: number[];
}

/**
 * The official holidays (`holiday`) and adjusted working days (`workday`, 调休) of the given
 * years, with the years that have no official data reported as missing.
 *
 * @example
 * const { exceptions, coveredYears, missingYears } = chinaOfficialExceptions([2026, 2027]);
 * // coveredYears: [2026], missingYears: [2027]
 * // exceptions include { date: '2026-02-14', kind: 'workday', name: '春节 Spring Festival' }
 * //               and { date: '2026-02-16', kind: 'holiday', name: '春节 Spring Festival' }
 */
export function chinaOfficialExceptions(years: readonly number[]): ChinaOfficialExceptions {
  const requested = [...new Set(years)].sort((a, b) => a - b);
  const coveredYears = requested.filter((year) => YEARS_WITH_DATA.includes(year));
  const missingYears = requested.filter((year) => !YEARS_WITH_DATA.includes(year));
  const covered = new Set(coveredYears.map(String));
  const exceptions: DateException[] = [
    ...officialDates(HOLIDAYS, covered).map(([date, name]) => ({
      date,
      kind: 'holiday' as const,
      name,
    })),
    ...officialDates(WORKDAYS, covered).map(([date, name]) => ({
      date,
      kind: 'workday' as const,
      name,
    })),
  ].sort((a, b) => (a.date < b.date ? -1 : 1));
  return { exceptions, coveredYears, missingYears };
}

const MORNING: WorkingInterval = { start: '09:00', end: '12:00' };
const AFTERNOON: WorkingInterval = { start: '13:00', end: '18:00' };

/**
 * The default service window: Asia/Shanghai, Monday to Friday 09:00–12:00 and 13:00–18:00, the
 * official holidays off and the 调休 working days worked with those hours. `years` defaults to
 * every year with official data; use `chinaOfficialExceptions` to learn which requested years
 * have none.
 *
 * @example
 * const calendar = compileCalendar(defaultCalendarDefinition([2025, 2026]));
 */
export function defaultCalendarDefinition(
  years: readonly number[] = yearsBetween(
    CHINA_OFFICIAL_DATA_YEARS.first,
    CHINA_OFFICIAL_DATA_YEARS.last,
  ),
): CalendarDefinition {
  const day = (): WorkingInterval[] => [{ ...MORNING }, { ...AFTERNOON }];
  return {
    timeZone: 'Asia/Shanghai',
    weekly: { mon: day(), tue: day(), wed: day(), thu: day(), fri: day() },
    exceptions: chinaOfficialExceptions(years).exceptions,
    adjustedWorkdayHours: day(),
    nominalDayMinutes: 480,
  };
}

function officialDates(
  dates: Readonly<Record<string, string>>,
  years: ReadonlySet<string>,
): [date: string, name: string][] {
  return Object.entries(dates)
    .filter(([date]) => years.has(date.slice(0, 4)))
    .map(([date, label]) => {
      const [english, chinese] = label.split(',');
      return [date, `${chinese} ${english}`];
    });
}

function yearsBetween(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}
