/**
 * The escalation workflow as a pure function: an incident's state, an action, who acts and when
 * → the next state and the effects the service must carry out, or a refusal that says why.
 * The rules themselves are data in `rules.ts`; this file only applies them.
 */
import { HANDLING_GROUPS } from '../model.js';
import type { Channel, GroupId, Instant } from '../model.js';
import {
  ACTION_RULES,
  CHANGE_MATERIAL,
  CHANGE_TASK_STEPS,
  CHANNEL_REPORTERS,
  NOTIFICATIONS,
  OPEN_CHANGE_TASK_STATUSES,
  REJECTION_RETURNS,
  REPORTER_ANSWERS,
  REQUIRED_TEXTS,
  STATUS_TRAITS,
} from './rules.js';
import type { Audience, ChangeTaskAction, ClockState, IncidentActionType } from './rules.js';
import { WORKFLOW_ACTIONS } from './vocabulary.js';
import type {
  Actor,
  AvailableAction,
  ChangeTaskSummary,
  IncidentState,
  IncidentStatus,
  Refusal,
  RefusalCode,
  TransitionResult,
  WorkflowAction,
  WorkflowActionOf,
  WorkflowContext,
  WorkflowEffect,
} from './vocabulary.js';

type Refused = { readonly ok: false; readonly refusal: Refusal };
/** The groups the actor may act as here, in the rule's order of preference; `as` is the first. */
type Permit =
  { readonly ok: true; readonly as: GroupId; readonly candidates: readonly GroupId[] } | Refused;

/** What one action changes; the effects common to all actions are derived from it. */
interface Outcome {
  readonly ok: true;
  readonly changes: Partial<IncidentState>;
  /** The group the actor acts as, when the action narrows the permitted ones. */
  readonly as?: GroupId;
  /** Emit `set_priority` with this reason. */
  readonly priorityReason?: string;
  readonly task?: ChangeTaskSummary;
  /** Added to the timeline record, for what the service keeps outside the state. */
  readonly recorded?: Readonly<Record<string, unknown>>;
  /** When the clock, holder and priority take effect, if not `now` (a hotline call's time). */
  readonly effectiveAt?: Instant;
}

interface StepInput<K extends IncidentActionType> {
  readonly state: IncidentState;
  readonly action: WorkflowActionOf<K>;
  readonly actor: Actor;
  readonly candidates: readonly GroupId[];
  readonly now: Instant;
  readonly context: WorkflowContext;
}
type Step<K extends IncidentActionType> = (input: StepInput<K>) => Outcome | Refused;

/**
 * Applies one action to an incident. `state` is `null` before the incident exists: only
 * `report` is possible then. Inputs are never mutated.
 *
 * @example
 * const desk: Actor = { id: 'u-fang', groups: ['desk'] };
 * // The incident's policy version decides the matrix; here the plan's default.
 * const context: WorkflowContext = { derivePriority: (impact, scope) => priorityOf(impact, scope) };
 * const opened = transition(
 *   null,
 *   { type: 'report', channel: 'hotline_fault', kind: 'system_fault', impact: 'high',
 *     scope: 'some', reportedAt: Date.parse('2026-11-26T01:55:00Z') },
 *   desk, Date.parse('2026-11-26T02:00:00Z'), context,
 * );
 * if (opened.ok) {
 *   opened.next.status; // 'reported'
 *   opened.effects; // record, set_priority P2, hand_off → desk, clock start at 01:55Z, notify desk
 * }
 */
export function transition(
  state: IncidentState | null,
  action: WorkflowAction,
  actor: Actor,
  now: Instant,
  context: WorkflowContext,
): TransitionResult {
  if (state === null) {
    if (action.type !== 'report') {
      return refuse('not_reported', `"${action.type}" needs an incident; only "report" opens one.`);
    }
    return openIncident(action, actor, now, context);
  }
  if (action.type === 'report') {
    return refuse(
      'already_reported',
      `The incident is already reported (status "${state.status}").`,
    );
  }
  const permit = permitAction(state, actor, action.type);
  if (!permit.ok) return permit;
  const missing = missingText(action);
  if (missing !== undefined) {
    return refuse('missing_field', `"${action.type}" needs a non-blank "${missing}".`);
  }
  const step = STEPS[action.type] as Step<IncidentActionType>;
  const outcome = step({ state, action, actor, candidates: permit.candidates, now, context });
  if (!outcome.ok) return outcome;
  return conclude(state, state, action, actor, permit.as, now, outcome);
}

/**
 * The actions `actor` may take on the incident now, from the same rules as `transition`: one
 * entry per action, and per change task for the change-task actions. Payload checks (a missing
 * reason, an unchanged re-assessment) are left to `transition`.
 *
 * @example
 * availableActions(stateInFinalTest, { id: 'u-zhou', groups: ['reporters'], organisation: 'Guangdong' });
 * // → [{ type: 'confirm_fix' }, { type: 'reject_fix' }]
 * availableActions(null, { id: 'ovms', groups: ['reporters'] });
 * // → [{ type: 'report' }]
 */
export function availableActions(
  state: IncidentState | null,
  actor: Actor,
): readonly AvailableAction[] {
  if (state === null) {
    return permitReport(actor, undefined).ok ? [{ type: 'report' }] : [];
  }
  if (STATUS_TRAITS[state.status].terminal) return [];
  return WORKFLOW_ACTIONS.flatMap((type): AvailableAction[] => {
    if (type === 'report') return [];
    // Most actions are ruled out by status and group alone (permitAction's first two refusals):
    // skip writing a refusal sentence for each of them.
    const granted = ACTION_RULES[type].grants.some(
      (grant) => grant.in.includes(state.status) && grant.by.some((g) => actor.groups.includes(g)),
    );
    if (!granted) return [];
    const permit = permitAction(state, actor, type);
    if (!permit.ok) return [];
    if (isChangeTaskAction(type)) {
      return state.changeTasks
        .filter((task) => permitTask(state, type, task.number, permit.candidates).ok)
        .map((task) => ({ type, task: task.number }));
    }
    return precondition(state, type) === undefined ? [{ type }] : [];
  });
}

function openIncident(
  action: WorkflowActionOf<'report'>,
  actor: Actor,
  now: Instant,
  context: WorkflowContext,
): TransitionResult {
  const permit = permitReport(actor, action.channel);
  if (!permit.ok) return permit;
  const reportedAt = action.reportedAt ?? now;
  if (reportedAt > now) {
    return refuse(
      'invalid_field',
      `"report" cannot be dated after now ("reportedAt" is in the future).`,
    );
  }
  const { as } = permit;
  const reporterOrganisation =
    as === 'reporters' ? (actor.organisation ?? null) : (action.reporterOrganisation ?? null);
  if (
    as === 'reporters' &&
    action.reporterOrganisation !== undefined &&
    action.reporterOrganisation !== reporterOrganisation
  ) {
    return refuse(
      'invalid_field',
      `A reporter reports for their own organisation; "reporterOrganisation" may not name another.`,
    );
  }
  const opened: IncidentState = {
    status: 'reported',
    holder: STATUS_TRAITS.reported.holder,
    kind: action.kind,
    channel: action.channel,
    impact: action.impact,
    scope: action.scope,
    priority: context.derivePriority(action.impact, action.scope),
    impactStatement: null,
    reportedAt,
    reportedBy: actor.id,
    reporterOrganisation,
    acknowledgedAt: null,
    rejectionRounds: 0,
    fixDeliveredBy: null,
    rootCause: null,
    changeTasks: [],
    resolution: null,
    cancellation: null,
    fallbackDecisions: [],
  };
  const outcome: Outcome = {
    ok: true,
    changes: {},
    effectiveAt: reportedAt,
    priorityReason: 'reported',
  };
  return conclude(null, opened, action, actor, as, now, outcome);
}

const STEPS: { readonly [K in IncidentActionType]: Step<K> } = {
  acknowledge: () => unchanged(),
  guide_and_close: () => ({
    ok: true,
    changes: { kind: 'operation_question', resolution: 'operation_guidance' },
  }),
  escalate_to_system: ({ action, context }) => ({
    ok: true,
    // Plan §4: 初步评估优先级，说明影响，提交问题给系统组.
    priorityReason: "desk's initial assessment",
    changes: {
      kind: 'system_fault',
      impact: action.impact,
      scope: action.scope,
      priority: context.derivePriority(action.impact, action.scope),
      impactStatement: action.impactStatement,
    },
  }),
  start_onsite_handling: () => unchanged(),
  hand_to_vendor: () => unchanged(),
  register: () => unchanged(),
  record_reproduction: () => unchanged(),
  record_root_cause: ({ action }) => ({
    ok: true,
    changes: {
      rootCause: {
        needsProductionSql: action.needsProductionSql,
        networkMatter: action.networkMatter,
      },
    },
  }),
  record_fix: () => unchanged(),
  record_verification: () => unchanged(),
  deliver_for_final_test: ({ state }) =>
    precondition(state, 'deliver_for_final_test') ?? {
      ok: true,
      changes: { fixDeliveredBy: workingGroupOf(state.status) },
    },
  confirm_fix: () => unchanged(),
  reject_fix: ({ state }) => ({
    ok: true,
    changes: { rejectionRounds: state.rejectionRounds + 1 },
  }),
  verify_and_close: ({ action }) => ({ ok: true, changes: { resolution: action.resolution } }),
  reassess: ({ state, action, context }) => {
    const impact = action.impact ?? state.impact;
    const scope = action.scope ?? state.scope;
    if (impact === state.impact && scope === state.scope) {
      return refuse(
        'no_change',
        `"reassess" must change impact or scope (now ${state.impact} × ${state.scope}).`,
      );
    }
    const priority = context.derivePriority(impact, scope);
    return { ok: true, priorityReason: action.reason, changes: { impact, scope, priority } };
  },
  cancel: ({ state, action, candidates }) => {
    if (action.reason === 'duplicate' && isBlank(action.duplicateOf)) {
      return refuse('missing_field', `"cancel" as duplicate needs a non-blank "duplicateOf".`);
    }
    // A reporter may withdraw their report, not judge it a duplicate.
    const permitted =
      action.reason === 'withdrawn' ? candidates : candidates.filter((g) => g !== 'reporters');
    const as = permitted[0];
    if (as === undefined) {
      const judges = ACTION_RULES.cancel.grants
        .filter((grant) => grant.in.includes(state.status))
        .flatMap((grant) => grant.by.filter((g) => g !== 'reporters'));
      return refuse(
        'not_allowed_for_group',
        `In status "${state.status}", "cancel" as duplicate may be done only by ${listGroups(judges)}; reporters may only withdraw.`,
      );
    }
    // Devops must not run a change for an incident that no longer exists.
    const cancelledTasks = state.changeTasks.filter(isOpen).map((task) => task.number);
    return {
      ok: true,
      as,
      ...(cancelledTasks.length > 0 ? { recorded: { cancelledChangeTasks: cancelledTasks } } : {}),
      changes: {
        cancellation:
          action.reason === 'duplicate'
            ? { reason: 'duplicate', duplicateOf: action.duplicateOf }
            : { reason: 'withdrawn' },
        changeTasks: state.changeTasks.map((task) =>
          cancelledTasks.includes(task.number) ? { ...task, status: 'cancelled' } : task,
        ),
      },
    };
  },
  record_fallback_decision: ({ state, action, actor, now }) => ({
    ok: true,
    changes: {
      fallbackDecisions: [
        ...state.fallbackDecisions,
        {
          decision: action.decision,
          reason: action.reason,
          decidedBy: actor.id,
          at: now,
        },
      ],
    },
  }),
  request_change: ({ state, action, now }) => {
    const material = CHANGE_MATERIAL[action.kind];
    if (isBlank(action[material])) {
      return refuse(
        'missing_field',
        `"request_change" of kind ${action.kind} needs a non-blank "${material}".`,
      );
    }
    const task: ChangeTaskSummary = {
      number: state.changeTasks.length + 1,
      kind: action.kind,
      status: 'requested',
      requestedBy: workingGroupOf(state.status),
      requestedAt: now,
      result: null,
    };
    return { ok: true, task, changes: { changeTasks: [...state.changeTasks, task] } };
  },
  approve_change: (input) => moveTask(input),
  reject_change: (input) => moveTask(input),
  execute_change: (input) => moveTask(input),
  verify_change: (input) => moveTask(input),
};

function moveTask(input: StepInput<ChangeTaskAction>): Outcome | Refused {
  const { state, action, candidates } = input;
  const permit = permitTask(state, action.type, action.task, candidates);
  if (!permit.ok) return permit;
  const failed = action.type === 'execute_change' && action.result === 'failed';
  const task: ChangeTaskSummary = {
    ...permit.task,
    status: failed ? 'failed' : CHANGE_TASK_STEPS[action.type].to,
    result: action.type === 'execute_change' ? action.result : permit.task.result,
  };
  return {
    ok: true,
    as: permit.as,
    task,
    changes: {
      changeTasks: state.changeTasks.map((t) => (t.number === task.number ? task : t)),
    },
  };
}

/** The effects every accepted action shares, derived from the outcome and the status table. */
function conclude(
  before: IncidentState | null,
  base: IncidentState,
  action: WorkflowAction,
  actor: Actor,
  permittedAs: GroupId,
  now: Instant,
  outcome: Outcome,
): TransitionResult {
  const as = outcome.as ?? permittedAs;
  const at = outcome.effectiveAt ?? now;
  const from = before?.status ?? null;
  const to = target(before, action);
  const acknowledges = before !== null && before.acknowledgedAt === null && isHandlingGroup(as);
  const next: IncidentState = {
    ...base,
    ...outcome.changes,
    status: to,
    holder: STATUS_TRAITS[to].holder,
    ...(acknowledges ? { acknowledgedAt: now } : {}),
  };
  const { type: _type, ...payload } = action;
  const effects: WorkflowEffect[] = [
    {
      type: 'record',
      event: action.type,
      at: now,
      actorId: actor.id,
      as,
      onBehalfOfReporter: as !== 'reporters' && REPORTER_ANSWERS.includes(action.type),
      from,
      to,
      data: {
        ...payload,
        ...(outcome.task ? { task: outcome.task.number } : {}),
        ...outcome.recorded,
      },
    },
  ];
  if (acknowledges) effects.push({ type: 'acknowledge', at: now, by: as });
  if (outcome.priorityReason !== undefined) {
    const { priority, impact, scope } = next;
    effects.push({
      type: 'set_priority',
      priority,
      impact,
      scope,
      reason: outcome.priorityReason,
      at,
    });
  }
  const holderBefore = before?.holder ?? null;
  if (holderBefore !== next.holder) {
    effects.push({ type: 'hand_off', from: holderBefore, to: next.holder, at });
  }
  const op = clockOp(from === null ? null : STATUS_TRAITS[from].clock, STATUS_TRAITS[to].clock);
  if (op !== undefined) effects.push({ type: 'clock', op, at });
  effects.push(
    ...notifications(
      NOTIFICATIONS[action.type]({ before, after: next, action, task: outcome.task ?? null }),
      action,
    ),
  );
  return { ok: true, next, effects };
}

function target(before: IncidentState | null, action: WorkflowAction): IncidentStatus {
  if (before === null || action.type === 'report') return 'reported';
  const to = ACTION_RULES[action.type].to;
  if (to === 'same') return before.status;
  if (to === 'back_to_deliverer') return REJECTION_RETURNS[before.fixDeliveredBy ?? 'vendor'];
  return to;
}

function clockOp(
  before: ClockState | null,
  after: ClockState,
): 'start' | 'pause' | 'resume' | 'stop' | undefined {
  if (before === after) return undefined;
  if (after === 'stopped') return 'stop';
  if (after === 'paused') return 'pause';
  return before === null ? 'start' : 'resume';
}

function notifications(audiences: readonly Audience[], action: WorkflowAction): WorkflowEffect[] {
  const groups = [...new Set(audiences.filter((a): a is GroupId => a !== 'reporter'))];
  const effects: WorkflowEffect[] = [];
  if (groups.length > 0) effects.push({ type: 'notify', audience: groups, event: action.type });
  if (audiences.includes('reporter')) {
    effects.push({ type: 'notify', audience: 'reporter', event: action.type });
  }
  return effects;
}

/** Who may open an incident, and through which channel (`undefined`: through any). */
function permitReport(actor: Actor, channel: Channel | undefined): Permit {
  const reporting = [...new Set(Object.values(CHANNEL_REPORTERS).flat())];
  const allowed = channel === undefined ? reporting : CHANNEL_REPORTERS[channel];
  const candidates = allowed.filter((g) => actor.groups.includes(g));
  const [as] = candidates;
  if (as !== undefined) return { ok: true, as, candidates };
  if (channel === undefined || !reporting.some((g) => actor.groups.includes(g))) {
    return refuse(
      'not_allowed_for_group',
      `"report" may be done only by ${listGroups(reporting)}; ${youAreIn(actor)}.`,
    );
  }
  return refuse(
    'channel_not_allowed',
    `"report" through channel ${channel} may be done only by ${listGroups(allowed)}; ${youAreIn(actor)}.`,
  );
}

/** Status, group and organisation: the checks that need no payload. */
function permitAction(state: IncidentState, actor: Actor, type: IncidentActionType): Permit {
  const { status } = state;
  if (STATUS_TRAITS[status].terminal) {
    return refuse(
      'terminal',
      `The incident is ${status}: "${type}" and every other action are over.`,
    );
  }
  const rule = ACTION_RULES[type];
  const grants = rule.grants.filter((grant) => grant.in.includes(status));
  if (grants.length === 0) {
    const where = [...new Set(rule.grants.flatMap((grant) => grant.in))];
    return refuse(
      'invalid_in_status',
      `"${type}" is not possible in status "${status}"; it is possible in: ${where.join(', ')}.`,
    );
  }
  const permitted = [...new Set(grants.flatMap((grant) => grant.by))];
  const held = permitted.filter((g) => actor.groups.includes(g));
  if (held.length === 0) {
    return refuse(
      'not_allowed_for_group',
      `In status "${status}", "${type}" may be done only by ${listGroups(permitted)}; ${youAreIn(actor)}.`,
    );
  }
  // The service checks the organisation too; the machine refuses what it can see.
  const candidates = held.filter(
    (g) =>
      g !== 'reporters' ||
      state.reporterOrganisation === null ||
      state.reporterOrganisation === actor.organisation,
  );
  const [as] = candidates;
  if (as === undefined) {
    return refuse(
      'not_reporters_organisation',
      `In status "${status}", "${type}" is for the reporter's organisation (${state.reporterOrganisation}), not ${actor.organisation ?? 'an unnamed one'}.`,
    );
  }
  return { ok: true, as, candidates };
}

/** Checks on the incident that need no payload, shared with `availableActions`. */
function precondition(state: IncidentState, type: IncidentActionType): Refused | undefined {
  const open = state.changeTasks.filter(isOpen);
  // A fix goes to the final test only once every change it depends on is done and verified.
  if (type === 'deliver_for_final_test' && open.length > 0) {
    return refuse(
      'open_change_tasks',
      `In status "${state.status}", "deliver_for_final_test" waits for change task(s) ${open.map((t) => `#${t.number} (${t.status})`).join(', ')}.`,
    );
  }
  return undefined;
}

function permitTask(
  state: IncidentState,
  type: ChangeTaskAction,
  number: number,
  candidates: readonly GroupId[],
): { readonly ok: true; readonly task: ChangeTaskSummary; readonly as: GroupId } | Refused {
  const task = state.changeTasks.find((t) => t.number === number);
  if (task === undefined) {
    return refuse('unknown_change_task', `"${type}": the incident has no change task #${number}.`);
  }
  const { from } = CHANGE_TASK_STEPS[type];
  if (task.status !== from) {
    return refuse(
      'invalid_change_task_status',
      `"${type}" needs change task #${number} to be ${from}; it is ${task.status}.`,
    );
  }
  const as =
    type === 'verify_change'
      ? candidates.find((g) => g === task.requestedBy || g === 'system')
      : candidates[0];
  if (as === undefined) {
    return refuse(
      'not_change_requester',
      `"verify_change" of change task #${number} may be done only by ${listGroups([task.requestedBy, 'system'])}, who requested or coordinate it.`,
    );
  }
  return { ok: true, task, as };
}

function missingText(action: WorkflowAction): string | undefined {
  const fields: readonly string[] = REQUIRED_TEXTS[action.type] ?? [];
  const values = action as unknown as Readonly<Record<string, unknown>>;
  return fields.find((field) => isBlank(values[field]));
}

function isChangeTaskAction(type: IncidentActionType): type is ChangeTaskAction {
  return type in CHANGE_TASK_STEPS;
}

function isOpen(task: ChangeTaskSummary): boolean {
  return OPEN_CHANGE_TASK_STATUSES.includes(task.status);
}

function isHandlingGroup(group: GroupId): boolean {
  return (HANDLING_GROUPS as readonly GroupId[]).includes(group);
}

/** Fixes and change requests come from whoever works the incident: system on site, else vendor. */
function workingGroupOf(status: IncidentStatus): 'system' | 'vendor' {
  return status === 'onsite' ? 'system' : 'vendor';
}

function isBlank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

function unchanged(): Outcome {
  return { ok: true, changes: {} };
}

function refuse(code: RefusalCode, reason: string): Refused {
  return { ok: false, refusal: { code, reason } };
}

function listGroups(groups: readonly GroupId[]): string {
  return groups.length <= 1
    ? groups.join('')
    : `${groups.slice(0, -1).join(', ')} or ${groups[groups.length - 1]}`;
}

function youAreIn(actor: Actor): string {
  return actor.groups.length === 0
    ? 'you are in no group'
    : `you are in ${actor.groups.join(', ')}`;
}
