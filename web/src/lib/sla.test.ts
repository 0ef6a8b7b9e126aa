import { describe, expect, it } from 'vitest';
import {
  byDueTime,
  formatCountdown,
  projectLeftMinutes,
  slaBarPercent,
  slaState,
  slaTone,
  splitWorkingMinutes,
  wallClock,
} from './sla';

const running = { stopped: false, paused: false, breached: false, percent: 10 };

describe('splitWorkingMinutes', () => {
  it.each([
    [0, 'sla.minutes', 0, '0', false],
    [0.2, 'sla.minutes', 0, '1', false],
    [30, 'sla.minutes', 0, '30', false],
    [59.5, 'sla.hoursMinutes', 1, '00', false],
    [65, 'sla.hoursMinutes', 1, '05', false],
    [480, 'sla.hoursMinutes', 8, '00', false],
    [-12, 'sla.minutes', 0, '12', true],
    [-12.7, 'sla.minutes', 0, '12', true],
    [-596, 'sla.hoursMinutes', 9, '56', true],
  ] as const)('%s min → %s h=%s m=%s overdue=%s', (minutes, key, h, m, overdue) => {
    expect(splitWorkingMinutes(minutes)).toEqual({ key, params: { h, m }, overdue });
  });
});

describe('slaState', () => {
  it('follows the plan thresholds 50/75/90/100 %', () => {
    expect(slaState({ ...running, percent: 49.9 })).toBe('ok');
    expect(slaState({ ...running, percent: 50 })).toBe('attention');
    expect(slaState({ ...running, percent: 75 })).toBe('warning');
    expect(slaState({ ...running, percent: 90 })).toBe('critical');
    expect(slaState({ ...running, percent: 100 })).toBe('breached');
    expect(slaState({ ...running, percent: 20, breached: true })).toBe('breached');
  });
  it('shows a paused clock as paused unless already breached, and a stopped one as stopped', () => {
    expect(slaState({ ...running, paused: true, percent: 80 })).toBe('paused');
    expect(slaState({ ...running, paused: true, breached: true, percent: 120 })).toBe('breached');
    expect(slaState({ ...running, stopped: true, breached: true, percent: 120 })).toBe('stopped');
  });
  it('maps each state to a tone', () => {
    expect(slaTone('breached')).toBe('danger');
    expect(slaTone('warning')).toBe('warning');
    expect(slaTone('paused')).toBe('info');
    expect(slaTone('ok')).toBe('success');
  });
});

describe('slaBarPercent', () => {
  it('clamps to 0–100', () => {
    expect(slaBarPercent(-3)).toBe(0);
    expect(slaBarPercent(Number.NaN)).toBe(0);
    expect(slaBarPercent(42.4)).toBe(42);
    expect(slaBarPercent(250)).toBe(100);
  });
});

describe('projectLeftMinutes', () => {
  const sla = { leftMinutes: 30, paused: false, stopped: false };
  it('counts a running clock down by the working time since the poll', () => {
    expect(projectLeftMinutes(sla, 0, 90_000, wallClock)).toBe(28.5);
    expect(projectLeftMinutes(sla, 0, 45 * 60_000, wallClock)).toBe(-15);
  });
  it('does not move outside working time', () => {
    expect(projectLeftMinutes(sla, 0, 3_600_000, () => 0)).toBe(30);
  });
  it('holds a paused or stopped clock', () => {
    expect(projectLeftMinutes({ ...sla, paused: true }, 0, 600_000, wallClock)).toBe(30);
    expect(projectLeftMinutes({ ...sla, stopped: true }, 0, 600_000, wallClock)).toBe(30);
  });
});

describe('byDueTime', () => {
  it('sorts by due instant, stopped clocks last, without mutating the input', () => {
    const items = [
      { id: 1, sla: { dueAt: '2026-11-27T10:00:00Z', stopped: false } },
      { id: 2, sla: { dueAt: '2026-11-26T10:00:00Z', stopped: true } },
      { id: 3, sla: { dueAt: '2026-11-27T09:00:00Z', stopped: false } },
      { id: 4, sla: { dueAt: '2026-11-27T09:00:00Z', stopped: false } },
    ];
    expect(byDueTime(items).map((item) => item.id)).toEqual([3, 4, 1, 2]);
    expect(items.map((item) => item.id)).toEqual([1, 2, 3, 4]);
  });
});

describe('formatCountdown', () => {
  it.each([
    [61.5, '1:01:30'],
    [0, '0:00:00'],
    [0.01, '0:00:01'],
    [29.999, '0:30:00'],
    [-0.25, '-0:00:15'],
    [-125, '-2:05:00'],
  ])('%s min → %s', (minutes, text) => {
    expect(formatCountdown(minutes)).toBe(text);
  });
});
