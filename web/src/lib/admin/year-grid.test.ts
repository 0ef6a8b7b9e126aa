import { describe, expect, it } from 'vitest';
import {
  countKinds,
  selectableYears,
  stepDate,
  yearRuns,
  weekdayOf,
  yearCoverage,
  yearGrid,
  type CalendarCoverage,
  type CalendarException,
  type WeeklyHours,
} from './year-grid';

const workday = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '18:00' },
];
const weekly: WeeklyHours = {
  mon: workday,
  tue: workday,
  wed: workday,
  thu: workday,
  fri: workday,
};

/** 2026's National Day week as the official data has it. */
const exceptions: CalendarException[] = [
  ...['01', '02', '03', '04', '05', '06', '07'].map((day) => ({
    date: `2026-10-${day}`,
    kind: 'holiday' as const,
    hours: null,
    name: '国庆节 National Day',
    source: 'official' as const,
  })),
  { date: '2026-09-20', kind: 'workday', hours: null, name: '国庆节', source: 'official' },
  { date: '2026-10-10', kind: 'workday', hours: null, name: '国庆节', source: 'official' },
  {
    date: '2026-12-31',
    kind: 'hours',
    hours: [{ start: '09:00', end: '12:00' }],
    name: null,
    source: 'manual',
  },
];

function day(grid: ReturnType<typeof yearGrid>, date: string) {
  const month = grid[Number(date.slice(5, 7)) - 1];
  return month?.weeks.flat().find((cell) => cell?.date === date);
}

describe('year grid', () => {
  it('knows the weekday of a date', () => {
    expect(weekdayOf(2026, 10, 1)).toBe('thu');
    expect(weekdayOf(2026, 9, 20)).toBe('sun');
    expect(weekdayOf(2024, 2, 29)).toBe('thu');
  });

  it('lays out twelve months in Monday-first weeks, padded with nulls', () => {
    const grid = yearGrid(2026, weekly, []);
    expect(grid).toHaveLength(12);
    // 1 January 2026 is a Thursday: three empty cells before it.
    expect(grid[0]?.weeks[0]?.slice(0, 4).map((cell) => cell?.date ?? null)).toEqual([
      null,
      null,
      null,
      '2026-01-01',
    ]);
    for (const month of grid) for (const week of month.weeks) expect(week).toHaveLength(7);
    expect(grid[1]?.weeks.flat().filter(Boolean)).toHaveLength(28);
    expect(yearGrid(2024, weekly, [])[1]?.weeks.flat().filter(Boolean)).toHaveLength(29);
  });

  it('colours working days, weekends, holidays, 调休 working days and own hours', () => {
    const grid = yearGrid(2026, weekly, exceptions);
    expect(day(grid, '2026-09-30')).toMatchObject({ kind: 'working', minutes: 480, source: null });
    expect(day(grid, '2026-10-01')).toMatchObject({
      kind: 'holiday',
      minutes: 0,
      name: '国庆节 National Day',
      source: 'official',
    });
    // A Saturday that is a holiday stays a holiday; an ordinary Saturday is a weekend.
    expect(day(grid, '2026-10-03')?.kind).toBe('holiday');
    expect(day(grid, '2026-10-17')).toMatchObject({ kind: 'weekend', weekday: 'sat', minutes: 0 });
    // 调休: a Sunday and a Saturday that work, with the Monday hours by default.
    expect(day(grid, '2026-09-20')).toMatchObject({
      kind: 'workday',
      weekday: 'sun',
      minutes: 480,
    });
    expect(day(grid, '2026-10-10')).toMatchObject({ kind: 'workday', weekday: 'sat' });
    expect(day(grid, '2026-12-31')).toMatchObject({
      kind: 'hours',
      minutes: 180,
      source: 'manual',
    });
  });

  it('gives 调休 days the calendar’s adjusted-workday hours when it has them', () => {
    const grid = yearGrid(2026, weekly, exceptions, [{ start: '10:00', end: '16:00' }]);
    expect(day(grid, '2026-09-20')?.minutes).toBe(360);
  });

  it('treats a weekday without hours as a weekend, whatever day it is', () => {
    const grid = yearGrid(2026, { ...weekly, sat: workday, mon: [] }, []);
    expect(day(grid, '2026-10-17')?.kind).toBe('working');
    expect(day(grid, '2026-10-19')?.kind).toBe('weekend');
  });

  it('counts the dates of each kind', () => {
    const counts = countKinds(yearGrid(2026, weekly, exceptions));
    expect(counts.holiday).toBe(7);
    expect(counts.workday).toBe(2);
    expect(counts.hours).toBe(1);
    expect(counts.working + counts.weekend + counts.holiday + counts.workday + counts.hours).toBe(
      365,
    );
  });
});

describe('year coverage', () => {
  const coverage: CalendarCoverage = {
    officialDataYears: { first: 2004, last: 2026 },
    importedYears: [2026],
    missingYears: [2027],
    notImportedYears: [2025],
    warnings: [],
  };

  it('says which years hold official data, lack it, or have none published', () => {
    expect(yearCoverage(coverage, 2026)).toBe('imported');
    expect(yearCoverage(coverage, 2025)).toBe('not_imported');
    expect(yearCoverage(coverage, 2024)).toBe('not_imported');
    expect(yearCoverage(coverage, 2027)).toBe('no_data');
    expect(yearCoverage(coverage, 2028)).toBe('no_data');
    expect(yearCoverage(coverage, 2003)).toBe('no_data');
  });

  it('offers the years around now and every year with dates, in order', () => {
    expect(selectableYears(coverage, exceptions, 2026)).toEqual([2025, 2026, 2027, 2028]);
    expect(selectableYears(coverage, [{ ...exceptions[0]!, date: '2015-10-01' }], 2026)).toEqual([
      2015, 2025, 2026, 2027, 2028,
    ]);
  });
});

describe('moving through the year view by keyboard', () => {
  it('steps by days and weeks across months, and stops at the year’s ends', () => {
    expect(stepDate('2026-09-30', 1, 2026)).toBe('2026-10-01');
    expect(stepDate('2026-10-01', -7, 2026)).toBe('2026-09-24');
    expect(stepDate('2024-02-28', 1, 2024)).toBe('2024-02-29');
    expect(stepDate('2026-12-29', 7, 2026)).toBe('2026-12-31');
    expect(stepDate('2026-01-03', -7, 2026)).toBe('2026-01-01');
  });
});

describe('years as runs', () => {
  it('joins consecutive years', () => {
    expect(yearRuns([2026, 2004, 2005, 2028])).toBe('2004–2005, 2026, 2028');
    expect(yearRuns([2004, 2005, 2006, 2026, 2025])).toBe('2004–2006, 2025–2026');
    expect(yearRuns([])).toBe('');
  });
});
