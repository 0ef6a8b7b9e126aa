/**
 * Notices on the resolution clock (DOMAIN.md §5): warnings as the target is used up, a breach at
 * 100 %, and the leaders alerted at once on a P1. Each notice has a stable key so the service
 * sends it exactly once; this module only says which are due and when the next one falls.
 */
import { addWorkingTime } from './calendar/index.js';
import type { WorkingCalendar } from './calendar/index.js';
import type { Instant, Millis, Priority } from './model.js';
import { PolicyTableError, readTableEnum } from './priority.js';
import { slaStatus } from './sla.js';
import type { ClockEvent } from './sla.js';

/**
 * Who receives a notice, as roles resolved by the service: the group holding the incident, that
 * group's lead, the emergency team's leaders (小组组长/副组长).
 */
export const NOTICE_AUDIENCES = ['holding_group', 'holding_group_lead', 'leaders'] as const;
export type NoticeAudience = (typeof NOTICE_AUDIENCES)[number];

/** A share of the target at which a notice falls due: below 100 % a warning, from 100 % a breach. */
export interface NoticeThreshold {
  readonly percent: number;
  readonly audience: readonly NoticeAudience[];
}

/**
 * Warnings at 50, 75 and 90 % to the holding group, its lead from 75 % on; the breach at 100 %
 * to the leaders as well.
 */
export const DEFAULT_NOTICE_THRESHOLDS: readonly NoticeThreshold[] = Object.freeze([
  Object.freeze({ percent: 50, audience: Object.freeze(['holding_group'] as const) }),
  Object.freeze({
    percent: 75,
    audience: Object.freeze(['holding_group', 'holding_group_lead'] as const),
  }),
  Object.freeze({
    percent: 90,
    audience: Object.freeze(['holding_group', 'holding_group_lead'] as const),
  }),
  Object.freeze({
    percent: 100,
    audience: Object.freeze(['holding_group', 'holding_group_lead', 'leaders'] as const),
  }),
]);

/** A notice sent as soon as an incident has a given priority, whatever its clock says. */
export interface PriorityAlert {
  readonly key: string;
  readonly priority: Priority;
  readonly audience: readonly NoticeAudience[];
}

/** A P1 alerts the leaders at once: at the start, or when re-assessed to P1. */
export const P1_ALERTS_LEADERS: PriorityAlert = Object.freeze({
  key: 'p1:leaders',
  priority: 'P1',
  audience: Object.freeze(['leaders'] as const),
});

/** A notice that is due now. */
export interface Notice {
  /** Stable per incident: `threshold:<percent>` or the priority alert's key. */
  readonly key: string;
  readonly kind: 'priority_alert' | 'warning' | 'breach';
  /** The threshold's percentage (absent for a priority alert). */
  readonly percent?: number;
  readonly audience: readonly NoticeAudience[];
  /** When it fell due: the instant the threshold was reached under the current target. */
  readonly dueAt: Instant;
  /** The group holding the incident now, for the `holding_group` roles. */
  readonly holdingGroup?: string;
}

/** What {@link dueNotices} needs: the clock, the current priority and what was already sent. */
export interface NoticeInput {
  readonly calendar: WorkingCalendar;
  readonly initialTargetMs: Millis;
  readonly events: readonly ClockEvent[];
  readonly priority: Priority;
  /** Keys of the notices already sent for this incident. */
  readonly sent: readonly string[];
  /** Defaults to {@link DEFAULT_NOTICE_THRESHOLDS}. */
  readonly thresholds?: readonly NoticeThreshold[];
  /** Defaults to {@link P1_ALERTS_LEADERS}; `null` turns the alert off. */
  readonly priorityAlert?: PriorityAlert | null;
}

export interface DueNotices {
  /** The priority alert first, then thresholds by ascending percentage. */
  readonly due: Notice[];
  /** The instant the next unsent threshold is reached; null while paused or stopped, or if none. */
  readonly nextAt: Instant | null;
}

/**
 * The key of a threshold's notice; the service records it once the notice is sent.
 *
 * @example
 * thresholdNoticeKey(75); // 'threshold:75'
 */
export function thresholdNoticeKey(percent: number): string {
  return `threshold:${percent}`;
}

function readAudience(input: unknown, path: string): readonly NoticeAudience[] {
  if (!Array.isArray(input) || input.length === 0) {
    throw new PolicyTableError(path, 'expected a non-empty list of audience roles');
  }
  const audience = input.map((role, i) => readTableEnum(role, `${path}[${i}]`, NOTICE_AUDIENCES));
  const duplicate = audience.findIndex((role, i) => audience.indexOf(role) !== i);
  if (duplicate !== -1) {
    throw new PolicyTableError(`${path}[${duplicate}]`, `"${audience[duplicate]}" is repeated`);
  }
  return Object.freeze(audience);
}

/**
 * Checks a custom threshold table: a list of `{ percent, audience }` with positive percentages
 * in strictly ascending order (so each key is unique), audiences non-empty lists of known roles
 * without repeats, no unknown key. Returns a frozen copy or throws a {@link PolicyTableError}.
 *
 * @example
 * validateNoticeThresholds([{ percent: 80, audience: ['holding_group'] }, { percent: 100, audience: ['leaders'] }]);
 * validateNoticeThresholds([{ percent: 90, audience: ['leaders'] }, { percent: 50, audience: ['leaders'] }]);
 * // throws PolicyTableError 'thresholds[1].percent: 50 is not above the previous threshold (90)'
 */
export function validateNoticeThresholds(input: unknown): readonly NoticeThreshold[] {
  if (!Array.isArray(input)) throw new PolicyTableError('thresholds', 'expected a list');
  let previous = 0;
  const thresholds = input.map((entry: unknown, i): NoticeThreshold => {
    const path = `thresholds[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new PolicyTableError(path, 'expected { percent, audience }');
    }
    const unknownKey = Object.keys(entry).find((key) => key !== 'percent' && key !== 'audience');
    if (unknownKey !== undefined) {
      throw new PolicyTableError(`${path}.${unknownKey}`, `unknown key "${unknownKey}"`);
    }
    const { percent, audience } = entry as Record<string, unknown>;
    if (typeof percent !== 'number' || !Number.isFinite(percent) || percent <= 0) {
      throw new PolicyTableError(`${path}.percent`, `${String(percent)} is not a positive number`);
    }
    if (percent <= previous) {
      throw new PolicyTableError(
        `${path}.percent`,
        `${percent} is not above the previous threshold (${previous})`,
      );
    }
    previous = percent;
    return Object.freeze({ percent, audience: readAudience(audience, `${path}.audience`) });
  });
  return Object.freeze(thresholds);
}

/**
 * The notices due at `now` and the instant the next threshold falls, from an incident's clock
 * history and the keys already sent. Thresholds are shares of the current target counted from
 * the original start: after a priority change a threshold already passed under the new target
 * is due at once (`dueAt` may then precede the change), and a key once sent is never due again,
 * even if a longer target moves its threshold back into the future. Nothing is due once the
 * clock has stopped; thresholds reached before a pause stay due during it. Several thresholds
 * passed at once (a cut target, a late call) are all returned, in ascending order.
 *
 * @example
 * const calendar = compileCalendar(defaultCalendarDefinition());
 * const at = (iso: string) => Date.parse(iso);
 * const { due, nextAt } = dueNotices({
 *   calendar, initialTargetMs: 30 * MINUTE, priority: 'P1', sent: [],
 *   events: [{ at: at('2026-03-02T09:00:00+08:00'), type: 'started' }],
 * }, at('2026-03-02T09:20:00+08:00'));
 * due.map((n) => n.key); // ['p1:leaders', 'threshold:50']
 * new Date(nextAt!).toISOString(); // '2026-03-02T01:22:30.000Z' (75 % at 09:22:30 +08:00)
 */
export function dueNotices(input: NoticeInput, now: Instant): DueNotices {
  const { calendar, events, priority } = input;
  const thresholds = input.thresholds ?? DEFAULT_NOTICE_THRESHOLDS;
  const priorityAlert = input.priorityAlert === undefined ? P1_ALERTS_LEADERS : input.priorityAlert;
  const clock = slaStatus(calendar, input.initialTargetMs, events, now);
  if (clock.stopped) return { due: [], nextAt: null };

  const sent = new Set(input.sent);
  const holder = clock.heldBy === undefined ? {} : { holdingGroup: clock.heldBy };
  const due: Notice[] = [];
  if (priorityAlert && priorityAlert.priority === priority && !sent.has(priorityAlert.key)) {
    // The alert falls due when the incident became P1: at the start, or at the last
    // re-assessment, which is what changes the target.
    const reassessedAt = events.reduce(
      (latest, event) =>
        event.type === 'target_changed' && event.at <= now ? Math.max(latest, event.at) : latest,
      clock.startedAt,
    );
    due.push({
      key: priorityAlert.key,
      kind: 'priority_alert',
      audience: priorityAlert.audience,
      dueAt: reassessedAt,
      ...holder,
    });
  }

  let nextAt: Instant | null = null;
  const ascending = [...thresholds].sort((a, b) => a.percent - b.percent);
  for (const threshold of ascending) {
    const key = thresholdNoticeKey(threshold.percent);
    if (sent.has(key)) continue;
    const thresholdMs = Math.ceil((clock.targetMs * threshold.percent) / 100);
    if (clock.spentMs >= thresholdMs) {
      due.push({
        key,
        kind: threshold.percent < 100 ? 'warning' : 'breach',
        percent: threshold.percent,
        audience: threshold.audience,
        dueAt: addWorkingTime(calendar, clock.startedAt, thresholdMs, clock.pauses),
        ...holder,
      });
    } else if (!clock.paused && nextAt === null) {
      // Ascending order: the first unreached threshold is the next to fall.
      nextAt = addWorkingTime(calendar, clock.startedAt, thresholdMs, clock.pauses);
    }
  }
  return { due, nextAt };
}
