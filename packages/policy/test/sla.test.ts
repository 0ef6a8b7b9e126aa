import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileCalendar,
  defaultCalendarDefinition,
  workingTimeBetween,
} from '../src/calendar/index.js';
import type { Interval, WorkingCalendar } from '../src/calendar/index.js';
import { HOUR, MINUTE } from '../src/model.js';
import { ClockHistoryError, slaStatus } from '../src/sla.js';
import type { ClockEvent } from '../src/sla.js';

const shanghai = compileCalendar(defaultCalendarDefinition());
const at = (time: string) => Date.parse(`${time}+08:00`);
// Monday 2 March 2026: an ordinary working week in Shanghai (09–12, 13–18).
const mon = (hhmm: string) => at(`2026-03-02T${hhmm}:00`);
const tue = (hhmm: string) => at(`2026-03-03T${hhmm}:00`);
const started = (time = mon('09:00')): ClockEvent => ({ at: time, type: 'started' });

describe('slaStatus', () => {
  it('counts working time from the start and says when the target falls', () => {
    const status = slaStatus(shanghai, 4 * HOUR, [started()], mon('11:00'));
    expect(status).toEqual({
      startedAt: mon('09:00'),
      targetMs: 4 * HOUR,
      spentMs: 2 * HOUR,
      leftMs: 2 * HOUR,
      percent: 50,
      dueAt: mon('14:00'), // 09–12 is 3 h, the last hour after lunch
      paused: false,
      stopped: false,
      breached: false,
      pauses: [],
      pausedMs: 0,
      byGroup: {},
    });
  });

  it('is due when the target is used up, at 12:00, not when work resumes', () => {
    const status = slaStatus(shanghai, 3 * HOUR, [started()], mon('12:30'));
    expect(status.dueAt).toBe(mon('12:00'));
    expect(status.spentMs).toBe(3 * HOUR);
    expect(status.breached).toBe(true);
    expect(status.breachedAt).toBe(mon('12:00'));
  });

  it('reports a breached clock with negative time left', () => {
    const status = slaStatus(shanghai, HOUR, [started()], mon('14:30'));
    expect(status.spentMs).toBe(4.5 * HOUR);
    expect(status.leftMs).toBe(-3.5 * HOUR);
    expect(status.percent).toBe(450);
    expect(status.breachedAt).toBe(mon('10:00'));
  });

  it('leaves out a closed pause, counted in working time', () => {
    const events: ClockEvent[] = [
      started(),
      { at: mon('10:00'), type: 'paused' },
      { at: mon('14:00'), type: 'resumed' },
    ];
    const status = slaStatus(shanghai, 4 * HOUR, events, mon('15:00'));
    expect(status.spentMs).toBe(2 * HOUR); // 09–10 and 14–15
    expect(status.pausedMs).toBe(3 * HOUR); // 10–12 and 13–14
    expect(status.pauses).toEqual([{ start: mon('10:00'), end: mon('14:00') }]);
    expect(status.dueAt).toBe(mon('17:00'));
    expect(status.paused).toBe(false);
  });

  it('while paused, gives the due instant if the clock resumed now', () => {
    const events: ClockEvent[] = [started(), { at: mon('10:00'), type: 'paused' }];
    const status = slaStatus(shanghai, 4 * HOUR, events, mon('11:00'));
    expect(status.paused).toBe(true);
    expect(status.spentMs).toBe(HOUR);
    expect(status.pauses).toEqual([{ start: mon('10:00'), end: mon('11:00') }]);
    expect(status.dueAt).toBe(mon('15:00')); // 3 h left from 11:00: 11–12, 13–15
    expect(slaStatus(shanghai, 4 * HOUR, events, tue('09:00')).dueAt).toBe(tue('12:00'));
  });

  it('stops while paused: the reporter confirms during the final test', () => {
    const events: ClockEvent[] = [
      started(),
      { at: mon('10:00'), type: 'paused' },
      { at: mon('11:00'), type: 'stopped' },
    ];
    const status = slaStatus(shanghai, 4 * HOUR, events, tue('10:00'));
    expect(status).toMatchObject({
      spentMs: HOUR,
      pausedMs: HOUR,
      paused: false,
      stopped: true,
      stoppedAt: mon('11:00'),
      breached: false,
      dueAt: mon('15:00'),
      pauses: [{ start: mon('10:00'), end: mon('11:00') }],
    });
    expect(status.breachedAt).toBeUndefined();
  });

  it('freezes at the stop', () => {
    const events: ClockEvent[] = [started(), { at: mon('10:30'), type: 'stopped' }];
    const status = slaStatus(shanghai, HOUR, events, tue('17:00'));
    expect(status.spentMs).toBe(1.5 * HOUR);
    expect(status.breached).toBe(true);
    expect(status.breachedAt).toBe(mon('10:00'));
  });

  it('keeps the working time spent when the priority, hence the target, changes', () => {
    const events = (targetMs: number): ClockEvent[] => [
      started(),
      { at: mon('10:30'), type: 'target_changed', targetMs },
    ];
    const shorter = slaStatus(shanghai, 4 * HOUR, events(2 * HOUR), mon('11:30'));
    expect(shorter).toMatchObject({ spentMs: 2.5 * HOUR, targetMs: 2 * HOUR, breached: true });
    expect(shorter.breachedAt).toBe(mon('11:00')); // counted from the original start
    const longer = slaStatus(shanghai, 4 * HOUR, events(8 * HOUR), mon('11:30'));
    // 8 h from 09:00 is used up at 18:00, the end of the day, not Tuesday 09:00.
    expect(longer).toMatchObject({ spentMs: 2.5 * HOUR, leftMs: 5.5 * HOUR, dueAt: mon('18:00') });
  });

  it('applies a target change before a pause from the original start too', () => {
    const events: ClockEvent[] = [
      started(),
      { at: mon('09:30'), type: 'paused' },
      { at: mon('10:00'), type: 'target_changed', targetMs: HOUR },
      { at: mon('13:00'), type: 'resumed' },
    ];
    const status = slaStatus(shanghai, 4 * HOUR, events, mon('13:10'));
    expect(status.spentMs).toBe(40 * MINUTE);
    expect(status.dueAt).toBe(mon('13:30'));
  });

  it('accounts working time per holding group, pauses excluded', () => {
    const events: ClockEvent[] = [
      started(),
      { at: mon('09:00'), type: 'held_by', group: 'desk' },
      { at: mon('09:30'), type: 'held_by', group: 'system' },
      { at: mon('10:00'), type: 'held_by', group: 'vendor' },
      { at: mon('11:00'), type: 'paused' },
      { at: mon('11:00'), type: 'held_by', group: 'reporters' },
      { at: mon('14:00'), type: 'resumed' },
      { at: mon('14:00'), type: 'held_by', group: 'vendor' },
    ];
    const status = slaStatus(shanghai, 4 * HOUR, events, mon('15:00'));
    expect(status.byGroup).toEqual({
      desk: 30 * MINUTE,
      system: 30 * MINUTE,
      vendor: 2 * HOUR,
      reporters: 0,
    });
    expect(status.heldBy).toBe('vendor');
    expect(status.spentMs).toBe(3 * HOUR);
  });

  it('leaves time before the first holder unattributed', () => {
    const events: ClockEvent[] = [
      started(),
      { at: mon('10:00'), type: 'held_by', group: 'system' },
    ];
    expect(slaStatus(shanghai, 4 * HOUR, events, mon('11:00')).byGroup).toEqual({ system: HOUR });
  });

  it('gives the clock as it stood at a past now', () => {
    const events: ClockEvent[] = [
      started(),
      { at: mon('10:00'), type: 'paused' },
      { at: mon('16:00'), type: 'stopped' },
    ];
    expect(slaStatus(shanghai, 4 * HOUR, events, mon('09:45'))).toMatchObject({
      spentMs: 45 * MINUTE,
      paused: false,
      stopped: false,
    });
    expect(slaStatus(shanghai, 4 * HOUR, events, mon('10:00')).paused).toBe(true);
  });

  it('does not mutate the history', () => {
    const events = Object.freeze(
      [started(), { at: mon('10:00'), type: 'paused' } as const].map((e) => Object.freeze(e)),
    );
    expect(() => slaStatus(shanghai, HOUR, events, mon('11:00'))).not.toThrow();
  });

  describe('refuses an impossible history', () => {
    const paused: ClockEvent = { at: mon('10:00'), type: 'paused' };
    const resumed: ClockEvent = { at: mon('11:00'), type: 'resumed' };
    const stopped: ClockEvent = { at: mon('12:00'), type: 'stopped' };
    it.each<[string, ClockEvent[], number, string]>([
      ['an empty history', [], 0, 'the history is empty: it must begin with "started"'],
      ['a stop before the start', [stopped, started()], 0, 'must begin with "started"'],
      ['a pause before the start', [paused], 0, 'must begin with "started"'],
      ['a second start', [started(), started()], 1, 'the clock has already started'],
      ['a resume without a pause', [started(), resumed], 1, 'resumed without a pause'],
      ['a pause while paused', [started(), paused, paused], 2, 'already paused'],
      ['an event after the stop', [started(), stopped, stopped], 2, 'nothing may follow'],
      [
        'events out of order',
        [started(), { at: mon('10:30'), type: 'paused' }, { at: mon('10:00'), type: 'resumed' }],
        2,
        'not in chronological order',
      ],
      [
        'a target that is not positive',
        [started(), { at: mon('10:00'), type: 'target_changed', targetMs: 0 }],
        1,
        'targetMs 0 is not a positive duration',
      ],
      [
        'an empty group',
        [started(), { at: mon('10:00'), type: 'held_by', group: '' }],
        1,
        'group is empty',
      ],
      ['an instant that is not a number', [started(Number.NaN)], 0, 'is not an instant'],
    ])('%s', (_case, events, index, message) => {
      let error: unknown;
      try {
        slaStatus(shanghai, HOUR, events, tue('09:00'));
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ClockHistoryError);
      expect((error as ClockHistoryError).index).toBe(index);
      expect((error as ClockHistoryError).message).toContain(message);
    });

    it('names the event in the message', () => {
      expect(() => slaStatus(shanghai, HOUR, [started(), resumed], tue('09:00'))).toThrowError(
        'events[1] (resumed): resumed without a pause',
      );
    });

    it('refuses a target that is not positive', () => {
      expect(() => slaStatus(shanghai, 0, [started()], tue('09:00'))).toThrowError(RangeError);
    });

    it('refuses a now before the start', () => {
      expect(() => slaStatus(shanghai, HOUR, [started()], mon('08:59'))).toThrowError(RangeError);
    });
  });
});

describe('slaStatus agrees with working time summed over the running segments', () => {
  // An ordinary calendar and one in a DST zone (New York), to vary the arithmetic.
  const newYork = compileCalendar({
    timeZone: 'America/New_York',
    weekly: {
      mon: [
        { start: '08:30', end: '12:00' },
        { start: '13:00', end: '17:30' },
      ],
      tue: [{ start: '08:30', end: '17:30' }],
      wed: [{ start: '08:30', end: '17:30' }],
      thu: [{ start: '08:30', end: '17:30' }],
      fri: [{ start: '08:30', end: '12:30' }],
      sun: [{ start: '01:00', end: '03:30' }],
    },
    exceptions: [
      { date: '2026-03-09', kind: 'holiday' },
      { date: '2026-03-07', kind: 'workday' },
      { date: '2026-11-02', kind: 'hours', hours: [{ start: '00:30', end: '02:30' }] },
    ],
  });
  const calendars: [string, WorkingCalendar][] = [
    ['Asia/Shanghai (Spring Festival, 调休)', shanghai],
    ['America/New_York (DST)', newYork],
  ];

  // A random history: started, then steps at random working or idle gaps, maybe a stop.
  const step = fc.record({
    gapMs: fc.integer({ min: 0, max: 4 * 24 * 60 }).map((minutes) => minutes * MINUTE),
    kind: fc.constantFrom('toggle', 'toggle', 'held_by', 'target_changed'),
    group: fc.constantFrom('desk', 'system', 'vendor', 'devops'),
    targetMinutes: fc.integer({ min: 1, max: 3 * 8 * 60 }),
  });
  const history = fc.record({
    start: fc.integer({
      min: Date.parse('2026-01-20T00:00:00Z'),
      max: Date.parse('2026-11-20T00:00:00Z'),
    }),
    heldFromStart: fc.boolean(),
    steps: fc.array(step, { maxLength: 12 }),
    stop: fc.boolean(),
    nowGapMs: fc.integer({ min: 0, max: 6 * 24 * HOUR }),
    initialTargetMinutes: fc.integer({ min: 1, max: 3 * 8 * 60 }),
  });

  interface History {
    start: number;
    heldFromStart: boolean;
    steps: { gapMs: number; kind: string; group: string; targetMinutes: number }[];
    stop: boolean;
    nowGapMs: number;
  }

  function build(input: History) {
    let t = input.start;
    let paused = false;
    const events: ClockEvent[] = [{ at: t, type: 'started' }];
    if (input.heldFromStart) events.push({ at: t, type: 'held_by', group: 'desk' });
    for (const s of input.steps) {
      t += s.gapMs;
      if (s.kind === 'toggle') {
        events.push({ at: t, type: paused ? 'resumed' : 'paused' });
        paused = !paused;
      } else if (s.kind === 'held_by') {
        events.push({ at: t, type: 'held_by', group: s.group });
      } else {
        events.push({ at: t, type: 'target_changed', targetMs: s.targetMinutes * MINUTE });
      }
    }
    if (input.stop) events.push({ at: t, type: 'stopped' });
    return { events, now: t + input.nowGapMs };
  }

  // The slow, obvious reference: the clock runs between a start or resume and the next
  // pause, stop or now.
  function runningSegments(events: readonly ClockEvent[], now: number): Interval[] {
    const segments: Interval[] = [];
    let runningSince: number | undefined;
    for (const event of events) {
      if (event.type === 'started' || event.type === 'resumed') runningSince = event.at;
      if ((event.type === 'paused' || event.type === 'stopped') && runningSince !== undefined) {
        segments.push({ start: runningSince, end: event.at });
        runningSince = undefined;
      }
    }
    if (runningSince !== undefined) segments.push({ start: runningSince, end: now });
    return segments;
  }

  it.each(calendars)('%s', (_name, calendar) => {
    fc.assert(
      fc.property(history, (input) => {
        const { events, now } = build(input);
        const status = slaStatus(calendar, input.initialTargetMinutes * MINUTE, events, now);
        const segments = runningSegments(events, now);
        const spent = segments.reduce(
          (sum, s) => sum + workingTimeBetween(calendar, s.start, s.end),
          0,
        );
        expect(status.spentMs).toBe(spent);

        const end = status.stoppedAt ?? now;
        expect(status.spentMs + status.pausedMs).toBe(
          workingTimeBetween(calendar, status.startedAt, end),
        );
        if (input.heldFromStart) {
          const held = Object.values(status.byGroup).reduce((sum, ms) => sum + ms, 0);
          expect(held).toBe(status.spentMs);
        }
        // The due instant is the earliest at which the target is used up.
        expect(workingTimeBetween(calendar, status.startedAt, status.dueAt, status.pauses)).toBe(
          status.targetMs,
        );
        expect(
          workingTimeBetween(calendar, status.startedAt, status.dueAt - 1, status.pauses),
        ).toBeLessThan(status.targetMs);
        expect(status.breached).toBe(status.dueAt <= end);
        expect(status.leftMs).toBe(status.targetMs - status.spentMs);
      }),
      { numRuns: 500 },
    );
  });
});
