/**
 * Worked examples of the plan's rules under the default calendar (Asia/Shanghai, Mon–Fri 09–12
 * and 13–18, China's official holidays and 调休 working days), the arithmetic in comments.
 */
import { describe, expect, it } from 'vitest';
import {
  compileCalendar,
  defaultCalendarDefinition,
  isWorkingTime,
} from '../src/calendar/index.js';
import { HOUR, MINUTE } from '../src/model.js';
import { dueNotices } from '../src/notices.js';
import { impactOfSymptom, priorityOf } from '../src/priority.js';
import { slaStatus } from '../src/sla.js';
import type { ClockEvent } from '../src/sla.js';
import { DEFAULT_RESOLUTION_TARGETS, effectiveGrade, resolutionTargetMs } from '../src/targets.js';
import type { Campaign } from '../src/targets.js';

const calendar = compileCalendar(defaultCalendarDefinition());
const at = (time: string) => Date.parse(`${time}+08:00`);
const ovms = { id: 'ovms', grade: 'B' } as const;

describe('a grade-B P3 reported on the Friday before Spring Festival 2026', () => {
  // Reported Friday 2026-02-13 16:00: part of the system is unusable (部分功能无法使用 → medium
  // impact) for some users → P3. OVMS is grade B: P3 → 4 h of working time.
  const reportedAt = at('2026-02-13T16:00:00');
  const priority = priorityOf(impactOfSymptom('partly_unusable'), 'some');
  const events: ClockEvent[] = [{ at: reportedAt, type: 'started' }];

  it('takes its priority and target from the tables', () => {
    expect(priority).toBe('P3');
    expect(effectiveGrade(ovms, [], reportedAt)).toEqual({ grade: 'B' });
    expect(resolutionTargetMs(DEFAULT_RESOLUTION_TARGETS, 'B', priority, HOUR * 8)).toBe(4 * HOUR);
  });

  it('runs over the 调休 Saturday: due Saturday 2026-02-14 11:00', () => {
    // The calendar's data: Saturday 14 February works (调休), 15–23 February is the holiday.
    expect(isWorkingTime(calendar, at('2026-02-14T10:00:00'))).toBe(true);
    expect(isWorkingTime(calendar, at('2026-02-16T10:00:00'))).toBe(false);
    expect(isWorkingTime(calendar, at('2026-02-23T10:00:00'))).toBe(false);
    // Friday 16:00–18:00 = 2 h; Saturday 09:00–11:00 = the other 2 h.
    const status = slaStatus(calendar, 4 * HOUR, events, at('2026-02-13T18:30:00'));
    expect(status.spentMs).toBe(2 * HOUR);
    expect(status.dueAt).toBe(at('2026-02-14T11:00:00'));
  });

  it('is breached at Saturday 11:00 even if looked at after the holiday', () => {
    // Tuesday 24 February 09:30: Fri 2 h + Sat 8 h + Tue 0.5 h = 10.5 h spent, 6.5 h overdue.
    const status = slaStatus(calendar, 4 * HOUR, events, at('2026-02-24T09:30:00'));
    expect(status.spentMs).toBe(10.5 * HOUR);
    expect(status.leftMs).toBe(-6.5 * HOUR);
    expect(status.breachedAt).toBe(at('2026-02-14T11:00:00'));
  });

  it('warns at 50 % on Friday 18:00 and 75 % on Saturday 10:00', () => {
    // 50 % = 2 h: Friday 16–18. 75 % = 3 h: one more hour on Saturday, 09–10.
    const input = { calendar, initialTargetMs: 4 * HOUR, events, priority, sent: [] };
    expect(dueNotices(input, at('2026-02-13T17:00:00')).nextAt).toBe(at('2026-02-13T18:00:00'));
    const saturday = dueNotices({ ...input, sent: ['threshold:50'] }, at('2026-02-14T09:30:00'));
    expect(saturday).toEqual({ due: [], nextAt: at('2026-02-14T10:00:00') });
  });
});

describe('the same incident during the nationwide bidding campaign', () => {
  // The campaign handles OVMS as grade A: P3 → 2 h. Friday 16:00–18:00 uses it up exactly, so
  // the incident is due Friday 18:00, not Saturday 09:00 when work resumes.
  const reportedAt = at('2026-02-13T16:00:00');
  const campaign: Campaign = {
    id: 'bidding',
    name: '全网二期线上招标',
    systemIds: ['ovms'],
    start: at('2026-02-01T00:00:00'),
    end: at('2026-03-01T00:00:00'),
    gradeOverride: 'A',
  };

  it('is due Friday 18:00', () => {
    const { grade } = effectiveGrade(ovms, [campaign], reportedAt);
    expect(grade).toBe('A');
    const targetMs = resolutionTargetMs(DEFAULT_RESOLUTION_TARGETS, grade, 'P3', 8 * HOUR);
    expect(targetMs).toBe(2 * HOUR);
    const status = slaStatus(
      calendar,
      targetMs,
      [{ at: reportedAt, type: 'started' }],
      at('2026-02-13T17:00:00'),
    );
    expect(status.dueAt).toBe(at('2026-02-13T18:00:00'));
  });
});

// An ordinary week: Monday 2 March 2026.
const mon = (hhmm: string) => at(`2026-03-02T${hhmm}:00`);

describe('a target used up exactly at 12:00', () => {
  it('is due at 12:00, not at 13:00 when work resumes', () => {
    // Grade B P2 = 2 h, reported 10:00: 10:00–12:00 uses it all.
    const status = slaStatus(
      calendar,
      2 * HOUR,
      [{ at: mon('10:00'), type: 'started' }],
      mon('12:30'),
    );
    expect(status.dueAt).toBe(mon('12:00'));
    expect(status.spentMs).toBe(2 * HOUR);
  });
});

describe('a pause during the final test', () => {
  it('does not count the time the reporter takes', () => {
    // Grade A P3 = 2 h from 09:00. The fix goes to the reporter at 10:00 (1 h spent); the test
    // is rejected at 13:30 (paused 10–12 and 13–13:30 = 2.5 h of working time); confirmed at
    // 14:00: 1 h + 0.5 h = 1.5 h spent, target met. The deadline stood at 14:30.
    const events: ClockEvent[] = [
      { at: mon('09:00'), type: 'started' },
      { at: mon('10:00'), type: 'paused' },
      { at: mon('13:30'), type: 'resumed' },
      { at: mon('14:00'), type: 'stopped' },
    ];
    const status = slaStatus(calendar, 2 * HOUR, events, mon('17:00'));
    expect(status).toMatchObject({
      spentMs: 1.5 * HOUR,
      pausedMs: 2.5 * HOUR,
      breached: false,
      stopped: true,
      dueAt: mon('14:30'),
    });
  });
});

describe('a priority change', () => {
  it('keeps the working time spent: the new target counts from the original start', () => {
    // Grade B P4 = 1 working day (8 h) from 09:00. At 11:00 (2 h spent) the handler re-assesses
    // it to P3 = 4 h: due 4 h after 09:00 in working time = 14:00 (not 11:00 + 4 h = 16:00).
    const events: ClockEvent[] = [
      { at: mon('09:00'), type: 'started' },
      { at: mon('11:00'), type: 'target_changed', targetMs: 4 * HOUR },
    ];
    const status = slaStatus(calendar, 8 * HOUR, events, mon('11:00'));
    expect(status).toMatchObject({ spentMs: 2 * HOUR, leftMs: 2 * HOUR, dueAt: mon('14:00') });
  });
});

describe('per-group accounting', () => {
  it('splits the working time among the groups that held the incident', () => {
    // desk 09:00–09:20 (20 min), system 09:20–10:00 (40 min), vendor 10:00–11:00 (1 h),
    // devops runs an emergency release 11:00–11:30 (30 min), vendor 11:30–12:00 and 13:00–13:30
    // (1 h in all), the final test from 13:30 (paused) until the reporter confirms at 14:00.
    // Total 3.5 h = the working time spent.
    const events: ClockEvent[] = [
      { at: mon('09:00'), type: 'started' },
      { at: mon('09:00'), type: 'held_by', group: 'desk' },
      { at: mon('09:20'), type: 'held_by', group: 'system' },
      { at: mon('10:00'), type: 'held_by', group: 'vendor' },
      { at: mon('11:00'), type: 'held_by', group: 'devops' },
      { at: mon('11:30'), type: 'held_by', group: 'vendor' },
      { at: mon('13:30'), type: 'paused' },
      { at: mon('13:30'), type: 'held_by', group: 'reporters' },
      { at: mon('14:00'), type: 'stopped' },
    ];
    const status = slaStatus(calendar, 4 * HOUR, events, mon('18:00'));
    expect(status.byGroup).toEqual({
      desk: 20 * MINUTE,
      system: 40 * MINUTE,
      vendor: 2 * HOUR,
      devops: 30 * MINUTE,
      reporters: 0,
    });
    expect(status.spentMs).toBe(3.5 * HOUR);
  });
});
