/**
 * Working-time calendars: worked examples (the arithmetic in comments), the DST rule, refusals,
 * and China's official data. Instants are written with explicit offsets, so the process time zone
 * (the suite runs under UTC, Asia/Shanghai and America/New_York) cannot change them.
 */
import { describe, expect, it } from 'vitest';
import {
  CHINA_OFFICIAL_DATA_YEARS,
  CalendarError,
  addWorkingTime,
  chinaOfficialExceptions,
  compileCalendar,
  defaultCalendarDefinition,
  isWorkingTime,
  nextWorkingInstant,
  workingTimeBetween,
} from '../src/calendar/index.js';
import type { CalendarDefinition, WorkingCalendar } from '../src/calendar/index.js';
import { HOUR, MINUTE } from '../src/model.js';

const at = (iso: string) => {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) throw new Error(`bad test instant ${iso}`);
  return instant;
};
const china = compileCalendar(defaultCalendarDefinition());
const nineToFive = [{ start: '09:00', end: '17:00' }];

describe('worked examples on the default China calendar (Asia/Shanghai, 09–12 and 13–18)', () => {
  it('a grade-B P3 (4 h) reported Friday 2026-02-13 16:00 is due on the 调休 Saturday at 11:00', () => {
    // Fri 16:00–18:00 = 2 h; Sat 2026-02-14 is an adjusted working day: 09:00–11:00 = 2 h → 4 h
    expect(addWorkingTime(china, at('2026-02-13T16:00+08:00'), 4 * HOUR)).toBe(
      at('2026-02-14T11:00+08:00'),
    );
  });

  it('the same incident during a campaign (grade A, P3 = 2 h) is due Friday 18:00, when it is used up', () => {
    // Fri 16:00–18:00 = 2 h, used up exactly at 18:00: due 18:00, not Saturday 09:00
    expect(addWorkingTime(china, at('2026-02-13T16:00+08:00'), 2 * HOUR)).toBe(
      at('2026-02-13T18:00+08:00'),
    );
  });

  it('8 working hours from Friday 2026-02-13 16:00 end on the 调休 Saturday at 16:00', () => {
    // Fri 16:00–18:00 = 2 h; Sat 09:00–12:00 = 3 h (5 h); 13:00–16:00 = 3 h (8 h)
    expect(addWorkingTime(china, at('2026-02-13T16:00+08:00'), 8 * HOUR)).toBe(
      at('2026-02-14T16:00+08:00'),
    );
  });

  it('one nominal working day from Saturday 2026-02-14 17:00 crosses the whole festival', () => {
    // Sat 17:00–18:00 = 1 h; Sun 02-15 … Mon 02-23 are holidays (春节);
    // Tue 02-24 09:00–12:00 = 3 h (4 h), 13:00–17:00 = 4 h (8 h = china.nominalDayMs)
    expect(china.nominalDayMs).toBe(8 * HOUR);
    expect(addWorkingTime(china, at('2026-02-14T17:00+08:00'), china.nominalDayMs)).toBe(
      at('2026-02-24T17:00+08:00'),
    );
  });

  it('two working days from Friday 2026-02-27 10:00 use the second 调休 Saturday', () => {
    // Fri 10:00–12:00 = 2 h, 13:00–18:00 = 5 h (7 h); Sat 02-28 works 8 h (15 h); Sun off;
    // Mon 03-02 09:00–10:00 = 1 h (16 h)
    expect(addWorkingTime(china, at('2026-02-27T10:00+08:00'), 2 * china.nominalDayMs)).toBe(
      at('2026-03-02T10:00+08:00'),
    );
  });

  it('working time from Friday 02-13 09:00 to Wednesday 02-25 09:00 is three 8-hour days', () => {
    // Fri 02-13 8 h + Sat 02-14 (调休) 8 h + festival 02-15..02-23 0 h + Tue 02-24 8 h = 24 h
    expect(
      workingTimeBetween(china, at('2026-02-13T09:00+08:00'), at('2026-02-25T09:00+08:00')),
    ).toBe(24 * HOUR);
  });

  it('a pause while the reporter runs the final test does not count', () => {
    // Mon 03-02 09:00 + 4 h, paused 10:00–14:00: 09:00–10:00 = 1 h; resume 14:00 + 3 h → 17:00
    const pauses = [{ start: at('2026-03-02T10:00+08:00'), end: at('2026-03-02T14:00+08:00') }];
    expect(addWorkingTime(china, at('2026-03-02T09:00+08:00'), 4 * HOUR, pauses)).toBe(
      at('2026-03-02T17:00+08:00'),
    );
    // 09:00–18:00 is 8 h; the pause held 10:00–12:00 and 13:00–14:00 = 3 h of it
    expect(
      workingTimeBetween(china, at('2026-03-02T09:00+08:00'), at('2026-03-02T18:00+08:00'), pauses),
    ).toBe(5 * HOUR);
  });

  it('overlapping, unsorted pauses reaching outside the span count once', () => {
    // 09:00–18:00 = 8 h minus the union 08:00–11:00 ∪ 10:30–12:30 ∪ 17:00–20:00
    // → working time paused: 09:00–12:00 (3 h) + 17:00–18:00 (1 h) = 4 h
    const pauses = [
      { start: at('2026-03-02T17:00+08:00'), end: at('2026-03-02T20:00+08:00') },
      { start: at('2026-03-02T10:30+08:00'), end: at('2026-03-02T12:30+08:00') },
      { start: at('2026-03-02T08:00+08:00'), end: at('2026-03-02T11:00+08:00') },
    ];
    expect(
      workingTimeBetween(china, at('2026-03-02T09:00+08:00'), at('2026-03-02T18:00+08:00'), pauses),
    ).toBe(4 * HOUR);
  });

  it('reads the lunch break, the evening and the festival as non-working', () => {
    expect(isWorkingTime(china, at('2026-03-02T11:59+08:00'))).toBe(true);
    expect(isWorkingTime(china, at('2026-03-02T12:00+08:00'))).toBe(false);
    expect(isWorkingTime(china, at('2026-02-14T10:00+08:00'))).toBe(true); // 调休 Saturday
    expect(isWorkingTime(china, at('2026-02-18T10:00+08:00'))).toBe(false); // 春节
    expect(nextWorkingInstant(china, at('2026-02-13T18:30+08:00'))).toBe(
      at('2026-02-14T09:00+08:00'),
    );
    expect(nextWorkingInstant(china, at('2026-02-14T18:00+08:00'))).toBe(
      at('2026-02-24T09:00+08:00'),
    );
    expect(nextWorkingInstant(china, at('2026-03-02T10:00+08:00'))).toBe(
      at('2026-03-02T10:00+08:00'),
    );
  });

  it('gives 0 for an empty or reversed span, and the start itself for a zero duration', () => {
    const friday = at('2026-02-13T10:00+08:00');
    expect(workingTimeBetween(china, friday, friday)).toBe(0);
    expect(workingTimeBetween(china, friday, friday - HOUR)).toBe(0);
    const sundayNight = at('2026-03-01T23:00+08:00');
    expect(addWorkingTime(china, sundayNight, 0)).toBe(sundayNight);
  });
});

describe('daylight saving time: working time is what the wall clock shows', () => {
  const newYork = (weekly: CalendarDefinition['weekly']) =>
    compileCalendar({ timeZone: 'America/New_York', weekly });

  it('an interval partly in the skipped hour keeps only its existing minutes', () => {
    // 2026-03-08 02:00 EST → 03:00 EDT: of Sunday 01:30–02:30 only 01:30–02:00 exists = 30 min
    const calendar = newYork({ sun: [{ start: '01:30', end: '02:30' }] });
    expect(
      workingTimeBetween(calendar, at('2026-03-08T00:00-05:00'), at('2026-03-08T12:00-04:00')),
    ).toBe(30 * MINUTE);
    // an interval wholly inside the skipped hour gives nothing that day
    const skipped = newYork({ sun: [{ start: '02:00', end: '03:00' }] });
    expect(
      workingTimeBetween(skipped, at('2026-03-08T00:00-05:00'), at('2026-03-08T12:00-04:00')),
    ).toBe(0);
    expect(nextWorkingInstant(skipped, at('2026-03-08T00:00-05:00'))).toBe(
      at('2026-03-15T02:00-04:00'),
    );
  });

  it('an interval in the repeated hour is worked both times', () => {
    // 2026-11-01 02:00 EDT → 01:00 EST: Sunday 01:00–02:00 happens twice = 2 h
    const calendar = newYork({ sun: [{ start: '01:00', end: '02:00' }] });
    expect(
      workingTimeBetween(calendar, at('2026-11-01T00:00-04:00'), at('2026-11-01T12:00-05:00')),
    ).toBe(2 * HOUR);
    // 90 min from 01:00 EDT: 01:00–02:00 EDT = 60 min, then 01:00–01:30 EST = 30 min
    expect(addWorkingTime(calendar, at('2026-11-01T01:00-04:00'), 90 * MINUTE)).toBe(
      at('2026-11-01T01:30-05:00'),
    );
  });

  it('a normal day keeps its local hours across the change: London, Friday to Monday', () => {
    // 2026-03-29 (Sunday) 01:00 GMT → 02:00 BST. Fri 03-27 13:00–17:00 GMT = 4 h;
    // Mon 03-30 09:00–13:00 BST = 4 h → due 13:00 BST (12:00 UTC)
    const london = compileCalendar({
      timeZone: 'Europe/London',
      weekly: {
        mon: nineToFive,
        tue: nineToFive,
        wed: nineToFive,
        thu: nineToFive,
        fri: nineToFive,
      },
    });
    expect(addWorkingTime(london, at('2026-03-27T13:00Z'), 8 * HOUR)).toBe(at('2026-03-30T12:00Z'));
  });

  it('a transition at midnight: Havana skips 00:00–01:00 on 2026-03-08', () => {
    const havana = compileCalendar({
      timeZone: 'America/Havana',
      weekly: { sun: [{ start: '00:00', end: '02:00' }] },
    });
    // 00:00 CST → 01:00 CDT: of 00:00–02:00 only 01:00–02:00 exists
    expect(
      workingTimeBetween(havana, at('2026-03-07T12:00-05:00'), at('2026-03-08T12:00-04:00')),
    ).toBe(HOUR);
  });

  it('a date that never happened: Samoa skipped 2011-12-30', () => {
    const apia = compileCalendar({
      timeZone: 'Pacific/Apia',
      weekly: {
        mon: nineToFive,
        tue: nineToFive,
        wed: nineToFive,
        thu: nineToFive,
        fri: nineToFive,
      },
      exceptions: [
        { date: '2011-12-30', kind: 'hours', hours: [{ start: '00:00', end: '24:00' }] },
      ],
    });
    // Thu 12-29 09:00–17:00 (UTC−10) = 8 h; Fri 12-30 does not exist; Sat 12-31 is off
    expect(
      workingTimeBetween(apia, at('2011-12-29T00:00-10:00'), at('2012-01-01T00:00+14:00')),
    ).toBe(8 * HOUR);
  });
});

describe('calendar definitions', () => {
  const valid: CalendarDefinition = { timeZone: 'UTC', weekly: { mon: nineToFive } };
  const refusals: [string, CalendarDefinition, string, string | undefined][] = [
    ['unknown zone', { ...valid, timeZone: 'Mars/Olympus' }, 'invalid-time-zone', 'timeZone'],
    [
      'unknown weekday',
      { ...valid, weekly: { monday: nineToFive } as never },
      'invalid-weekday',
      'weekly.monday',
    ],
    [
      'H:mm',
      { ...valid, weekly: { mon: [{ start: '9:00', end: '17:00' }] } },
      'invalid-time',
      'weekly.mon[0].start',
    ],
    [
      '24:00 as a start',
      { ...valid, weekly: { mon: [{ start: '24:00', end: '24:00' }] } },
      'invalid-time',
      'weekly.mon[0].start',
    ],
    [
      '24:30',
      { ...valid, weekly: { mon: [{ start: '09:00', end: '24:30' }] } },
      'invalid-time',
      'weekly.mon[0].end',
    ],
    [
      'minute 60',
      { ...valid, weekly: { mon: [{ start: '09:60', end: '12:00' }] } },
      'invalid-time',
      'weekly.mon[0].start',
    ],
    [
      'start after end',
      { ...valid, weekly: { tue: [nineToFive[0]!, { start: '18:00', end: '17:30' }] } },
      'empty-interval',
      'weekly.tue[1].end',
    ],
    [
      'start equals end',
      { ...valid, weekly: { tue: [{ start: '09:00', end: '09:00' }] } },
      'empty-interval',
      'weekly.tue[0].end',
    ],
    [
      'overlap',
      {
        ...valid,
        weekly: {
          wed: [
            { start: '11:00', end: '14:00' },
            { start: '09:00', end: '12:00' },
          ],
        },
      },
      'overlapping-intervals',
      'weekly.wed[0]',
    ],
    [
      '31 February',
      { ...valid, exceptions: [{ date: '2026-02-30', kind: 'holiday' }] },
      'invalid-date',
      'exceptions[0].date',
    ],
    [
      'short year',
      { ...valid, exceptions: [{ date: '26-02-01', kind: 'holiday' }] },
      'invalid-date',
      'exceptions[0].date',
    ],
    [
      'before 1900',
      { ...valid, exceptions: [{ date: '1899-12-31', kind: 'holiday' }] },
      'invalid-date',
      'exceptions[0].date',
    ],
    [
      'unknown kind',
      { ...valid, exceptions: [{ date: '2026-02-02', kind: 'vacation' } as never] },
      'invalid-exception',
      'exceptions[0].kind',
    ],
    [
      'hours without hours',
      { ...valid, exceptions: [{ date: '2026-02-02', kind: 'hours' } as never] },
      'invalid-exception',
      'exceptions[0].hours',
    ],
    [
      'bad exception hours',
      {
        ...valid,
        exceptions: [
          { date: '2026-02-02', kind: 'hours', hours: [{ start: '10:00', end: '25:00' }] },
        ],
      },
      'invalid-time',
      'exceptions[0].hours[0].end',
    ],
    [
      'bad adjusted hours',
      { ...valid, adjustedWorkdayHours: [{ start: 'nine', end: '17:00' }] },
      'invalid-time',
      'adjustedWorkdayHours[0].start',
    ],
    [
      'zero-minute day',
      { ...valid, nominalDayMinutes: 0 },
      'invalid-nominal-day',
      'nominalDayMinutes',
    ],
    ['no hours at all', { timeZone: 'UTC', weekly: {} }, 'no-working-time', 'weekly'],
    [
      'only holidays',
      {
        timeZone: 'UTC',
        weekly: { sat: [] },
        exceptions: [{ date: '2026-02-02', kind: 'holiday' }],
      },
      'no-working-time',
      'weekly',
    ],
    [
      '调休 with nothing to work',
      { timeZone: 'UTC', weekly: {}, exceptions: [{ date: '2026-02-01', kind: 'workday' }] },
      'missing-adjusted-workday-hours',
      'exceptions[0]',
    ],
    [
      'hours only in a skipped hour',
      {
        timeZone: 'America/New_York',
        weekly: {},
        exceptions: [
          { date: '2026-03-08', kind: 'hours', hours: [{ start: '02:00', end: '03:00' }] },
        ],
      },
      'no-working-time',
      'exceptions',
    ],
  ];

  it.each(refusals)('refuses %s with a CalendarError naming the field', (_, def, code, path) => {
    let refusal: unknown;
    try {
      compileCalendar(def);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(CalendarError);
    expect(refusal).toMatchObject({ code, path });
    expect((refusal as Error).message).toContain(path ?? '');
  });

  it('keeps a frozen copy and never mutates its input', () => {
    const def: CalendarDefinition = {
      timeZone: 'UTC',
      weekly: { mon: [{ start: '09:00', end: '17:00' }] },
    };
    const snapshot = structuredClone(def);
    const calendar = compileCalendar(def);
    expect(def).toEqual(snapshot);
    expect(calendar.definition).toEqual(snapshot);
    expect(Object.isFrozen(calendar.definition.weekly.mon?.[0])).toBe(true);
    def.weekly.mon![0]!.end = '10:00';
    expect(workingTimeBetween(calendar, at('2026-03-02T00:00Z'), at('2026-03-03T00:00Z'))).toBe(
      8 * HOUR,
    );
  });

  it('lets a later exception for the same date correct an earlier one', () => {
    const calendar = compileCalendar({
      timeZone: 'UTC',
      weekly: { mon: nineToFive },
      exceptions: [
        { date: '2026-03-02', kind: 'holiday' },
        { date: '2026-03-02', kind: 'hours', hours: [{ start: '10:00', end: '11:00' }] },
      ],
    });
    expect(workingTimeBetween(calendar, at('2026-03-02T00:00Z'), at('2026-03-03T00:00Z'))).toBe(
      HOUR,
    );
  });

  it('works a 调休 day with Monday’s hours unless told otherwise', () => {
    const weekly = { mon: [{ start: '08:00', end: '10:00' }], tue: nineToFive };
    const saturday = [{ date: '2026-02-28', kind: 'workday' as const }];
    const day = [at('2026-02-28T00:00Z'), at('2026-03-01T00:00Z')] as const;
    const byMonday = compileCalendar({ timeZone: 'UTC', weekly, exceptions: saturday });
    expect(workingTimeBetween(byMonday, ...day)).toBe(2 * HOUR);
    const told = compileCalendar({
      timeZone: 'UTC',
      weekly,
      exceptions: saturday,
      adjustedWorkdayHours: [{ start: '10:00', end: '13:00' }],
    });
    expect(workingTimeBetween(told, ...day)).toBe(3 * HOUR);
  });

  it('merges touching intervals, across midnight too', () => {
    // Mon 22:00–24:00 and Tue 00:00–02:00 are one 4-hour stretch: 3 h from 23:00 ends Tue 02:00
    const calendar = compileCalendar({
      timeZone: 'UTC',
      weekly: { mon: [{ start: '22:00', end: '24:00' }], tue: [{ start: '00:00', end: '02:00' }] },
    });
    expect(addWorkingTime(calendar, at('2026-03-02T23:00Z'), 3 * HOUR)).toBe(
      at('2026-03-03T02:00Z'),
    );
    expect(isWorkingTime(calendar, at('2026-03-03T00:00Z'))).toBe(true);
  });
});

describe('calendars with working time on exception dates only', () => {
  // A campaign window given by dates: the weekly pattern is empty, the hours come from exceptions.
  const campaign = compileCalendar({
    timeZone: 'Asia/Shanghai',
    weekly: {},
    exceptions: [
      { date: '2015-06-01', kind: 'hours', hours: [{ start: '08:00', end: '20:00' }] },
      { date: '2015-06-02', kind: 'hours', hours: [{ start: '08:00', end: '20:00' }] },
    ],
  });

  it('adds within the dates it has', () => {
    // 06-01 18:00–20:00 = 2 h, 06-02 08:00–10:00 = 2 h
    expect(addWorkingTime(campaign, at('2015-06-01T18:00+08:00'), 4 * HOUR)).toBe(
      at('2015-06-02T10:00+08:00'),
    );
    expect(nextWorkingInstant(campaign, at('2014-01-01T00:00Z'))).toBe(
      at('2015-06-01T08:00+08:00'),
    );
  });

  it('refuses to add past its last working time, and has none after it', () => {
    const refusal = expect.objectContaining({ code: 'no-working-time-after' });
    expect(() => addWorkingTime(campaign, at('2015-06-02T19:00+08:00'), 2 * HOUR)).toThrow(refusal);
    expect(() => nextWorkingInstant(campaign, at('2015-06-02T20:00+08:00'))).toThrow(refusal);
    expect(isWorkingTime(campaign, at('2030-01-01T10:00+08:00'))).toBe(false);
    expect(workingTimeBetween(campaign, at('2000-01-01T00:00Z'), at('2100-01-01T00:00Z'))).toBe(
      24 * HOUR,
    );
  });
});

describe('query arguments and the supported range', () => {
  const utc = compileCalendar({ timeZone: 'UTC', weekly: { mon: nineToFive } });

  it('refuses bad arguments with a CalendarError', () => {
    const code = (c: string) => expect.objectContaining({ code: c });
    expect(() => addWorkingTime(utc, at('2026-03-02T09:00Z'), -1)).toThrow(
      code('invalid-argument'),
    );
    expect(() => addWorkingTime(utc, Number.NaN, HOUR)).toThrow(code('invalid-argument'));
    expect(() => workingTimeBetween(utc, 0, Infinity)).toThrow(code('invalid-argument'));
    expect(() => isWorkingTime({ definition: utc.definition, nominalDayMs: 1 }, 0)).toThrow(
      code('invalid-argument'),
    );
    expect(() => workingTimeBetween(utc, 0, HOUR, [{ start: Number.NaN, end: 0 }])).toThrow(
      code('invalid-argument'),
    );
    expect(() => isWorkingTime(utc, at('2300-01-01T00:00Z'))).toThrow(code('out-of-range'));
    expect(() => nextWorkingInstant(utc, at('1899-12-31T00:00Z'))).toThrow(code('out-of-range'));
    // the answer would lie after 2200-01-01
    expect(() => addWorkingTime(utc, at('2199-12-01T00:00Z'), 1000 * HOUR)).toThrow(
      code('out-of-range'),
    );
  });

  it('refuses to add through a pause that never ends', () => {
    const open = [{ start: at('2026-03-02T10:00Z'), end: Infinity }];
    expect(() => addWorkingTime(utc, at('2026-03-02T09:00Z'), 2 * HOUR, open)).toThrow(
      expect.objectContaining({ code: 'no-working-time-after' }),
    );
    // … but a duration used up before the pause is fine
    expect(addWorkingTime(utc, at('2026-03-02T09:00Z'), HOUR, open)).toBe(at('2026-03-02T10:00Z'));
  });

  it('answers anywhere from 1900 to 2200, whatever was asked before', () => {
    // 1900-01-01 and 2199-12-30 were Mondays
    expect(isWorkingTime(utc, at('1900-01-01T09:00Z'))).toBe(true);
    expect(isWorkingTime(utc, at('2199-12-30T16:59Z'))).toBe(true);
    expect(addWorkingTime(utc, at('1900-01-01T16:00Z'), 2 * HOUR)).toBe(at('1900-01-08T10:00Z'));
    // 2000-01-03 (a Monday) to 2100-01-04 (a Monday): 5218 whole weeks, 8 h each
    expect(workingTimeBetween(utc, at('2000-01-03T00:00Z'), at('2100-01-04T00:00Z'))).toBe(
      5218 * 8 * HOUR,
    );
  });
});

describe('China official holidays and 调休 days (chinese-days)', () => {
  it('covers 2026 and not 2027, from the package data', () => {
    expect(CHINA_OFFICIAL_DATA_YEARS.first).toBeLessThanOrEqual(2007);
    expect(CHINA_OFFICIAL_DATA_YEARS.last).toBe(2026);
    const { coveredYears, missingYears } = chinaOfficialExceptions([2027, 2026, 2026]);
    expect(coveredYears).toEqual([2026]);
    expect(missingYears).toEqual([2027]);
  });

  it('has Spring Festival 2026: 02-15..02-23 off, Saturdays 02-14 and 02-28 worked', () => {
    const { exceptions } = chinaOfficialExceptions([2026]);
    const dates = (kind: string) =>
      exceptions.filter((exception) => exception.kind === kind).map((exception) => exception.date);
    expect(dates('holiday').filter((date) => date.startsWith('2026-02'))).toEqual([
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
    ]);
    // the State Council's 2026 arrangement: six adjusted working days
    expect(dates('workday')).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(exceptions).toContainEqual({
      date: '2026-02-14',
      kind: 'workday',
      name: '春节 Spring Festival',
    });
  });

  it('builds the default calendar from every covered year', () => {
    const def = defaultCalendarDefinition();
    expect(def.timeZone).toBe('Asia/Shanghai');
    expect(Object.keys(def.weekly)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
    expect(def.weekly.mon).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '18:00' },
    ]);
    const years = new Set(def.exceptions?.map((exception) => Number(exception.date.slice(0, 4))));
    expect(Math.min(...years)).toBe(CHINA_OFFICIAL_DATA_YEARS.first);
    expect(Math.max(...years)).toBe(CHINA_OFFICIAL_DATA_YEARS.last);
  });

  it('gives 2015 (the plan’s year) its National Day week', () => {
    const calendar: WorkingCalendar = compileCalendar(defaultCalendarDefinition([2015]));
    // 2015-10-01..07 off; Sat 10-10 is a 调休 working day
    expect(
      workingTimeBetween(calendar, at('2015-10-01T00:00+08:00'), at('2015-10-08T00:00+08:00')),
    ).toBe(0);
    expect(isWorkingTime(calendar, at('2015-10-10T10:00+08:00'))).toBe(true);
  });
});
