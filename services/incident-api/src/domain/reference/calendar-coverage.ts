/**
 * Which years of a calendar have China's official holidays and 调休 days. The State Council
 * publishes each year's arrangement in December and the data package follows; until then a year
 * has no official data, and the report says so rather than let the year silently run on the
 * weekly pattern alone.
 */
import { CHINA_OFFICIAL_DATA_YEARS } from '@ovms/policy';

export interface CalendarCoverage {
  officialDataYears: { first: number; last: number };
  importedYears: number[];
  missingYears: number[];
  notImportedYears: number[];
  warnings: string[];
}

const hasOfficialData = (year: number) =>
  year >= CHINA_OFFICIAL_DATA_YEARS.first && year <= CHINA_OFFICIAL_DATA_YEARS.last;

const missingWarning = (year: number, manualDates: number) =>
  `${year}: no official holiday data yet (the State Council publishes each year’s arrangement in ` +
  `December); until it is imported, ${year} follows the weekly hours` +
  (manualDates > 0 ? ` and the ${manualDates} date(s) set by hand.` : ' alone.');

/** Warnings of an import for years without official data. */
export const officialImportWarnings = (missingYears: readonly number[]) =>
  missingYears.map(
    (year) =>
      `${year}: no official holiday data yet; nothing imported for ${year}. Add its dates by hand, or import again once the data is published.`,
  );

/** The year of `now` on the calendar's wall clock. */
function localYear(now: Date, timeZone: string): number {
  try {
    return Number(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric' }).format(now));
  } catch {
    return now.getUTCFullYear();
  }
}

/**
 * The coverage of a calendar's dates. Years in view: this year and next (on the calendar's wall
 * clock), and every year the calendar has dates for.
 *
 * @example
 * calendarCoverage([{ date: '2026-02-16', source: 'official' }], 'Asia/Shanghai', new Date('2026-11-26'));
 * // importedYears [2026], missingYears [2027] (published in December), warnings ['2027: …']
 */
export function calendarCoverage(
  exceptions: readonly { date: string; source: 'official' | 'manual' }[],
  timeZone: string,
  now: Date,
): CalendarCoverage {
  const yearOf = (date: string) => Number(date.slice(0, 4));
  const imported = new Set(
    exceptions.filter((e) => e.source === 'official').map((e) => yearOf(e.date)),
  );
  const manualByYear = new Map<number, number>();
  for (const e of exceptions) {
    if (e.source === 'manual')
      manualByYear.set(yearOf(e.date), (manualByYear.get(yearOf(e.date)) ?? 0) + 1);
  }
  const thisYear = localYear(now, timeZone);
  const inView = [...new Set([thisYear, thisYear + 1, ...imported, ...manualByYear.keys()])].sort(
    (a, b) => a - b,
  );
  const missingYears = inView.filter((year) => !hasOfficialData(year));
  const notImportedYears = inView.filter((year) => hasOfficialData(year) && !imported.has(year));
  return {
    officialDataYears: { ...CHINA_OFFICIAL_DATA_YEARS },
    importedYears: [...imported].sort((a, b) => a - b),
    missingYears,
    notImportedYears,
    warnings: [
      ...missingYears.map((year) => missingWarning(year, manualByYear.get(year) ?? 0)),
      ...notImportedYears.map(
        (year) => `${year}: official holiday data exists but this calendar has not imported it.`,
      ),
    ],
  };
}
