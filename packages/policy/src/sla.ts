/**
 * The resolution clock of an incident (DOMAIN.md §5) as a pure function of its clock history.
 * Every duration is working time of the service-window calendar in force; the cost depends on
 * the number of events, never on the span they cover.
 */
import { addWorkingTime, workingTimeBetween } from './calendar/index.js';
import type { Interval, WorkingCalendar } from './calendar/index.js';
import type { Instant, Millis } from './model.js';

/**
 * What the service records on the clock, mapped from the workflow's effects.
 * - `started`: the reported time (for a hotline call, the time of the call);
 * - `paused` / `resumed`: waiting on the reporter's final test / the test was rejected;
 * - `stopped`: confirmed, closed or cancelled; nothing may follow;
 * - `target_changed`: a priority change; the new target counts from the original start and the
 *   working time already spent is kept;
 * - `held_by`: the group now holding the incident, for per-group accounting.
 */
export type ClockEvent =
  | { readonly at: Instant; readonly type: 'started' }
  | { readonly at: Instant; readonly type: 'paused' }
  | { readonly at: Instant; readonly type: 'resumed' }
  | { readonly at: Instant; readonly type: 'stopped' }
  | { readonly at: Instant; readonly type: 'target_changed'; readonly targetMs: Millis }
  | { readonly at: Instant; readonly type: 'held_by'; readonly group: string };

/**
 * A clock history that cannot happen (stop before start, resume without pause, events out of
 * order...). `index` is the offending event's position.
 *
 * @example
 * try {
 *   slaStatus(calendar, HOUR, [{ at: t0, type: 'resumed' }], now);
 * } catch (error) {
 *   if (error instanceof ClockHistoryError) console.warn(error.index, error.message);
 *   // 0 'events[0] (resumed): the history must begin with "started"'
 * }
 */
export class ClockHistoryError extends Error {
  override readonly name = 'ClockHistoryError';
  readonly index: number;

  constructor(index: number, message: string) {
    super(message);
    this.index = index;
  }
}

/** The clock of an incident as of `now`; every duration in working time. */
export interface SlaStatus {
  readonly startedAt: Instant;
  /** The target in force (the last `target_changed`, else the initial one). */
  readonly targetMs: Millis;
  /** Working time on the clock: from the start to now (or the stop), pauses excluded. */
  readonly spentMs: Millis;
  /** `targetMs - spentMs`: negative once breached, by the working time overdue. */
  readonly leftMs: Millis;
  /** `spentMs` as a percentage of `targetMs`; above 100 once breached. */
  readonly percent: number;
  /**
   * The earliest instant at which the spent time equals the target, given the pauses. While
   * paused it is the due instant if the clock resumed at `now` (it moves later as the pause
   * lasts); once stopped it is the deadline as it stood.
   */
  readonly dueAt: Instant;
  readonly paused: boolean;
  readonly stopped: boolean;
  readonly stoppedAt?: Instant;
  /** The target is used up (100 % reached), as the breach notice. */
  readonly breached: boolean;
  /** When the target was used up: `dueAt` of a breached clock. */
  readonly breachedAt?: Instant;
  /** The pauses, in order; an open pause ends at `now` (or at the stop) in this list. */
  readonly pauses: readonly Interval[];
  /** Working time spent in pauses. */
  readonly pausedMs: Millis;
  /**
   * Working time on the clock by holding group (pauses excluded, so the shares add up to
   * `spentMs` when a holder is set from the start; time before the first holder is nobody's).
   */
  readonly byGroup: Readonly<Record<string, Millis>>;
  /** The group holding the incident now, if any `held_by` was recorded. */
  readonly heldBy?: string;
}

interface Hold {
  readonly group: string;
  readonly from: Instant;
}

function checkClockHistory(initialTargetMs: Millis, events: readonly ClockEvent[]): void {
  if (!isPositiveDuration(initialTargetMs)) {
    throw new RangeError(`initialTargetMs must be a positive duration, got ${initialTargetMs}`);
  }
  let state: 'new' | 'running' | 'paused' | 'stopped' = 'new';
  let previousAt = -Infinity;
  // Checked for every SLA figure the service shows (each queue row): a plain loop, no closure
  // made per event (under tsx each also paid a defineProperty for its name).
  for (let index = 0; index < events.length; index++) {
    const event = events[index]!;
    if (!Number.isFinite(event.at))
      failAt(index, event, `at ${String(event.at)} is not an instant`);
    if (event.at < previousAt) failAt(index, event, 'events are not in chronological order');
    previousAt = event.at;
    if (state === 'new' && event.type !== 'started')
      failAt(index, event, 'the history must begin with "started"');
    if (state === 'stopped') failAt(index, event, 'nothing may follow "stopped"');
    switch (event.type) {
      case 'started':
        if (state !== 'new') failAt(index, event, 'the clock has already started');
        state = 'running';
        break;
      case 'paused':
        if (state === 'paused') failAt(index, event, 'the clock is already paused');
        state = 'paused';
        break;
      case 'resumed':
        if (state !== 'paused') failAt(index, event, 'resumed without a pause');
        state = 'running';
        break;
      case 'stopped':
        state = 'stopped';
        break;
      case 'target_changed':
        if (!isPositiveDuration(event.targetMs)) {
          failAt(index, event, `targetMs ${String(event.targetMs)} is not a positive duration`);
        }
        break;
      case 'held_by':
        if (typeof event.group !== 'string' || event.group === '')
          failAt(index, event, 'group is empty');
        break;
      default:
        failAt(index, event, 'unknown event type');
    }
  }
  if (state === 'new') {
    throw new ClockHistoryError(0, 'the history is empty: it must begin with "started"');
  }
}

function failAt(index: number, event: ClockEvent, problem: string): never {
  throw new ClockHistoryError(index, `events[${index}] (${String(event.type)}): ${problem}`);
}

function isPositiveDuration(ms: unknown): boolean {
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0;
}

/**
 * The resolution clock of an incident as of `now`, from its clock history. Events after `now`
 * are not yet in effect, so a past `now` gives the clock as it stood then. A priority change
 * (`target_changed`) applies the new target from the original start, keeping the time spent.
 * Throws a {@link ClockHistoryError} for an impossible history and a RangeError when the clock
 * starts after `now`.
 *
 * @example
 * const calendar = compileCalendar(defaultCalendarDefinition());
 * const at = (iso: string) => Date.parse(iso);
 * const status = slaStatus(calendar, 4 * HOUR, [
 *   { at: at('2026-02-13T16:00:00+08:00'), type: 'started' },
 *   { at: at('2026-02-13T16:00:00+08:00'), type: 'held_by', group: 'desk' },
 * ], at('2026-02-14T10:00:00+08:00'));
 * status.spentMs; // 3 * HOUR: Fri 16–18, Sat (调休 working day) 09–10
 * new Date(status.dueAt).toISOString(); // '2026-02-14T03:00:00.000Z' (Sat 11:00 +08:00)
 */
export function slaStatus(
  calendar: WorkingCalendar,
  initialTargetMs: Millis,
  events: readonly ClockEvent[],
  now: Instant,
): SlaStatus {
  checkClockHistory(initialTargetMs, events);
  const startedAt = events[0]!.at;
  if (startedAt > now) {
    throw new RangeError(`the clock starts at ${startedAt}, after now (${now})`);
  }
  let targetMs = initialTargetMs;
  let pausedSince: Instant | undefined;
  let stoppedAt: Instant | undefined;
  const pauses: Interval[] = [];
  const holds: Hold[] = [];
  for (const event of events) {
    if (event.at > now) break;
    switch (event.type) {
      case 'paused':
        pausedSince = event.at;
        break;
      case 'resumed':
        if (pausedSince! < event.at) pauses.push({ start: pausedSince!, end: event.at });
        pausedSince = undefined;
        break;
      case 'stopped':
        stoppedAt = event.at;
        break;
      case 'target_changed':
        targetMs = event.targetMs;
        break;
      case 'held_by':
        holds.push({ group: event.group, from: event.at });
        break;
    }
  }
  const end = stoppedAt ?? now;
  if (pausedSince !== undefined && pausedSince < end) pauses.push({ start: pausedSince, end });

  const spentMs = workingTimeBetween(calendar, startedAt, end, pauses);
  const pausedMs = pauses.reduce(
    (sum, pause) => sum + workingTimeBetween(calendar, pause.start, pause.end),
    0,
  );
  const byGroup: Record<string, Millis> = {};
  holds.forEach((hold, i) => {
    const to = holds[i + 1]?.from ?? end;
    const held = workingTimeBetween(calendar, hold.from, to, pauses);
    byGroup[hold.group] = (byGroup[hold.group] ?? 0) + held;
  });
  const dueAt = addWorkingTime(calendar, startedAt, targetMs, pauses);
  const breached = spentMs >= targetMs;
  return {
    startedAt,
    targetMs,
    spentMs,
    leftMs: targetMs - spentMs,
    percent: (spentMs / targetMs) * 100,
    dueAt,
    paused: pausedSince !== undefined && stoppedAt === undefined,
    stopped: stoppedAt !== undefined,
    ...(stoppedAt !== undefined && { stoppedAt }),
    breached,
    ...(breached && { breachedAt: dueAt }),
    pauses,
    pausedMs,
    byGroup,
    ...(holds.length > 0 && { heldBy: holds[holds.length - 1]!.group }),
  };
}
