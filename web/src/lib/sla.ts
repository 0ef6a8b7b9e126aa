/**
 * How an incident's SLA clock is shown: working minutes left and spent, the state tag, the bar,
 * and the local countdown between two polls of the queue.
 */
import type { Sla } from '../api/client';

/** The plan's warning thresholds (DOMAIN.md §5): 50 %, 75 %, 90 %, breach at 100 %. */
export type SlaState =
  'stopped' | 'paused' | 'breached' | 'critical' | 'warning' | 'attention' | 'ok';

export interface WorkingDuration {
  /** `sla.hoursMinutes` when there are whole hours, else `sla.minutes`. */
  key: 'sla.hoursMinutes' | 'sla.minutes';
  params: { h: number; m: string };
  /** True for a negative amount: the target is overrun by this much. */
  overdue: boolean;
}

/**
 * Splits working minutes into hours and zero-padded minutes, rounding toward the larger
 * amount left (a countdown shows 1 min until the last minute is gone).
 * @example splitWorkingMinutes(65)  // → { key: 'sla.hoursMinutes', params: { h: 1, m: '05' }, overdue: false }
 * @example splitWorkingMinutes(-12) // → { key: 'sla.minutes', params: { h: 0, m: '12' }, overdue: true }
 */
export function splitWorkingMinutes(minutes: number): WorkingDuration {
  const overdue = minutes < 0;
  const whole = overdue ? Math.floor(-minutes) : Math.ceil(minutes);
  const h = Math.floor(whole / 60);
  const m = whole % 60;
  return {
    key: h > 0 ? 'sla.hoursMinutes' : 'sla.minutes',
    params: { h, m: h > 0 ? String(m).padStart(2, '0') : String(m) },
    overdue,
  };
}

/**
 * @example slaState({ ...sla, paused: true }) // → 'paused'
 */
export function slaState(sla: Pick<Sla, 'stopped' | 'paused' | 'breached' | 'percent'>): SlaState {
  if (sla.stopped) return 'stopped';
  if (sla.breached || sla.percent >= 100) return 'breached';
  if (sla.paused) return 'paused';
  if (sla.percent >= 90) return 'critical';
  if (sla.percent >= 75) return 'warning';
  if (sla.percent >= 50) return 'attention';
  return 'ok';
}

/** Element Plus progress status and tag type for a state. */
export function slaTone(state: SlaState): 'success' | 'warning' | 'danger' | 'info' | 'primary' {
  switch (state) {
    case 'breached':
    case 'critical':
      return 'danger';
    case 'warning':
    case 'attention':
      return 'warning';
    case 'paused':
    case 'stopped':
      return 'info';
    case 'ok':
      return 'success';
  }
}

/** The bar's fill, 0–100 (a breached clock shows a full bar). */
export function slaBarPercent(percent: number): number {
  if (!Number.isFinite(percent) || percent < 0) return 0;
  return Math.min(100, Math.round(percent));
}

/** Working milliseconds between two instants; the war room passes the calendar's, see below. */
export type WorkingMsBetween = (from: number, to: number) => number;

/**
 * Working minutes left now, from the last poll's figure: a paused or stopped clock does not
 * move; a running one loses the working time elapsed since the poll.
 * @example projectLeftMinutes({ leftMinutes: 30, paused: false, stopped: false }, 0, 60_000, (a, b) => b - a) // → 29
 */
export function projectLeftMinutes(
  sla: Pick<Sla, 'leftMinutes' | 'paused' | 'stopped'>,
  polledAt: number,
  now: number,
  workingMsBetween: WorkingMsBetween,
): number {
  if (sla.paused || sla.stopped || now <= polledAt) return sla.leftMinutes;
  return sla.leftMinutes - workingMsBetween(polledAt, now) / 60_000;
}

/**
 * Counts wall time as working time: right only inside a working interval, so the war room uses
 * it just until the calendar has loaded (the next poll re-bases the figure within ~10 s).
 */
export const wallClock: WorkingMsBetween = (from, to) => Math.max(0, to - from);

/**
 * Open incidents first by due instant; paused after running ones due at once; stopped last.
 * Each due instant is parsed once, not in every comparison (a 500-incident wall re-sorts on
 * every poll).
 */
export function byDueTime<T extends { sla: Pick<Sla, 'dueAt' | 'stopped'>; id: number }>(
  items: readonly T[],
): T[] {
  return items
    .map((item) => ({ item, due: Date.parse(item.sla.dueAt) }))
    .sort((a, b) => {
      if (a.item.sla.stopped !== b.item.sla.stopped) return a.item.sla.stopped ? 1 : -1;
      return a.due - b.due || a.item.id - b.item.id;
    })
    .map(({ item }) => item);
}

/**
 * A wall-display countdown `H:MM:SS` of working time, `-` in front once overrun.
 * @example formatCountdown(61.5) // → '1:01:30'
 * @example formatCountdown(-0.25) // → '-0:00:15'
 */
export function formatCountdown(minutes: number): string {
  const negative = minutes < 0;
  const total = Math.floor(Math.abs(minutes) * 60 + (negative ? 0 : 0.999));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${negative ? '-' : ''}${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}
