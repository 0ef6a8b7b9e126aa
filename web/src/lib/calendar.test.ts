import { describe, expect, it } from 'vitest';
import type { Schemas } from '../api/client';
import { compileServiceWindow, toCalendarDefinition, workingMsOf } from './calendar';
import { projectLeftMinutes } from './sla';

const hours = [
  { start: '08:00', end: '12:00' },
  { start: '13:00', end: '20:00' },
];
/** The demo's bidding window: Mon–Sat 08–12, 13–20 Asia/Shanghai, with one holiday. */
const biddingWindow: Schemas['CalendarDetail'] = {
  id: 'bidding-window',
  name: 'Bidding window',
  timeZone: 'Asia/Shanghai',
  weekly: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours },
  adjustedWorkdayHours: hours,
  nominalDayMinutes: 480,
  revision: 1,
  updatedAt: '2026-11-26T00:00:00Z',
  exceptions: [
    { date: '2004-01-01', kind: 'holiday', hours: null, name: '元旦', source: 'official' },
    { date: '2026-12-01', kind: 'holiday', hours: null, name: 'test', source: 'manual' },
    {
      date: '2026-12-02',
      kind: 'hours',
      hours: [{ start: '10:00', end: '11:00' }],
      name: null,
      source: 'manual',
    },
  ],
  coverage: {
    officialDataYears: { first: 2004, last: 2026 },
    importedYears: [2026],
    missingYears: [],
    notImportedYears: [],
    warnings: [],
  },
};

const at = (local: string) => Date.parse(`${local}+08:00`);
const now = at('2026-11-26T11:00');

describe('service window in the browser', () => {
  it('keeps only the exceptions near now', () => {
    expect(toCalendarDefinition(biddingWindow, now).exceptions?.map((e) => e.date)).toEqual([
      '2026-12-01',
      '2026-12-02',
    ]);
  });

  it('counts working time across lunch, evenings, holidays and dates with their own hours', () => {
    const between = workingMsOf(compileServiceWindow(biddingWindow, now));
    expect(between(at('2026-11-26T11:59'), at('2026-11-26T13:01'))).toBe(2 * 60_000);
    expect(between(at('2026-11-26T19:59'), at('2026-11-27T08:01'))).toBe(2 * 60_000);
    expect(between(at('2026-12-01T09:00'), at('2026-12-01T10:00'))).toBe(0);
    expect(between(at('2026-12-02T09:00'), at('2026-12-02T12:00'))).toBe(60 * 60_000);
  });

  it('holds a countdown still over lunch and runs it in working hours', () => {
    const between = workingMsOf(compileServiceWindow(biddingWindow, now));
    const sla = { leftMinutes: 30, paused: false, stopped: false };
    expect(projectLeftMinutes(sla, at('2026-11-26T12:00'), at('2026-11-26T12:59'), between)).toBe(
      30,
    );
    expect(projectLeftMinutes(sla, at('2026-11-26T11:55'), at('2026-11-26T13:05'), between)).toBe(
      20,
    );
  });
});
