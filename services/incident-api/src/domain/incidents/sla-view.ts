/**
 * The SLA as clients see it, derived on read from the stored clock history: nothing here is
 * stored, so a calendar edit or a pause shows at once.
 */
import { slaStatus, type ClockEvent, type SlaStatus, type WorkingCalendar } from '@ovms/policy';

export interface SlaView {
  targetMinutes: number;
  spentMinutes: number;
  leftMinutes: number;
  percent: number;
  dueAt: string;
  paused: boolean;
  stopped: boolean;
  breached: boolean;
  breachedAt: string | null;
  pausedMinutes: number;
  /** Working minutes each group held the incident (pauses excluded). */
  byGroup: Record<string, number>;
}

/** Working minutes, to a tenth: enough for a countdown, free of float noise. */
const minutes = (ms: number) => Math.round(ms / 6_000) / 10;
const iso = (at: number) => new Date(at).toISOString();

export function computeSla(
  calendar: WorkingCalendar,
  initialTargetMs: number,
  events: readonly ClockEvent[],
  now: Date,
): SlaStatus {
  // A clock that starts in the future (a call logged ahead of the server clock) counts from now.
  const at = Math.max(now.getTime(), events[0]?.at ?? 0);
  return slaStatus(calendar, initialTargetMs, events, at);
}

export function toSlaView(status: SlaStatus): SlaView {
  return {
    targetMinutes: minutes(status.targetMs),
    spentMinutes: minutes(status.spentMs),
    leftMinutes: minutes(status.leftMs),
    percent: Math.round(status.percent * 10) / 10,
    dueAt: iso(status.dueAt),
    paused: status.paused,
    stopped: status.stopped,
    breached: status.breached,
    breachedAt: status.breachedAt === undefined ? null : iso(status.breachedAt),
    pausedMinutes: minutes(status.pausedMs),
    byGroup: Object.fromEntries(
      Object.entries(status.byGroup).map(([group, ms]) => [group, minutes(ms)]),
    ),
  };
}
