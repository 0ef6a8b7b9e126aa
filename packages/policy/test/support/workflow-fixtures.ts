/**
 * Fixtures for the workflow tests: actors, sample payloads, and incidents brought to each status
 * by playing the flow of DOMAIN.md §2 through `transition` itself, so every fixture is reachable.
 */
import type { GroupId, Impact, Priority, Scope } from '../../src/model.js';
import { transition } from '../../src/workflow/index.js';
import type {
  ActionType,
  Actor,
  IncidentState,
  IncidentStatus,
  WorkflowAction,
  WorkflowContext,
  WorkflowEffect,
} from '../../src/workflow/index.js';

/** DOMAIN.md §3, typed here again so the tests do not lean on the package's own table. */
const PLAN_MATRIX: Readonly<Record<Impact, Readonly<Record<Scope, Priority>>>> = {
  high: { all: 'P1', some: 'P2', one: 'P3' },
  medium: { all: 'P2', some: 'P3', one: 'P4' },
  low: { all: 'P3', some: 'P4', one: 'P4' },
};
export const context: WorkflowContext = {
  derivePriority: (impact, scope) => PLAN_MATRIX[impact][scope],
};

/** Thursday 2026-11-26 09:00 in Shanghai; every step of a fixture comes a minute later. */
export const T0 = Date.parse('2026-11-26T09:00:00+08:00');
export const MINUTE = 60_000;

export const REPORTER_ORG = 'Guangdong region';

/** One person per group; the reporter belongs to the fixtures' reporting organisation. */
export function actorOf(group: GroupId): Actor {
  return group === 'reporters'
    ? { id: 'u-reporters', groups: ['reporters'], organisation: REPORTER_ORG }
    : { id: `u-${group}`, groups: [group] };
}

/**
 * A valid action of each type for the fixtures of `stateFor`. `report` picks the channel the
 * group would use; change-task actions work on task #1.
 */
export function sampleAction(type: ActionType, group: GroupId): WorkflowAction {
  switch (type) {
    case 'report':
      return {
        type,
        channel:
          group === 'desk' ? 'hotline_fault' : group === 'devops' ? 'devops_monitoring' : 'web',
        kind: 'system_fault',
        impact: 'high',
        scope: 'some',
      };
    case 'acknowledge':
      return { type };
    case 'guide_and_close':
      return { type, guidance: 'Showed the caller where to upload the quotation.' };
    case 'escalate_to_system':
      return {
        type,
        impact: 'high',
        scope: 'all',
        impactStatement: 'No supplier can submit a bid: the bidding page returns an error.',
      };
    case 'start_onsite_handling':
      return { type, note: 'Blocks the bidding round closing at 11:00.' };
    case 'hand_to_vendor':
      return { type, note: 'Not blocking: bids still go through after a retry.' };
    case 'register':
      return { type, vendorReference: 'HT-2026-118' };
    case 'record_reproduction':
      return { type, note: 'Reproduced with a supplier account on the test environment.' };
    case 'record_root_cause':
      return {
        type,
        rootCause: 'Stale quotation rows block the unique index.',
        needsProductionSql: true,
        networkMatter: false,
      };
    case 'record_fix':
      return { type, note: 'Cleanup script and a guard in the save path.' };
    case 'record_verification':
      return { type, note: 'Verified on the test environment with production data.' };
    case 'deliver_for_final_test':
      return { type, note: 'Please submit the quotation again.' };
    case 'confirm_fix':
      return { type };
    case 'reject_fix':
      return { type, note: 'The quotation still fails for lot 7.' };
    case 'verify_and_close':
      return { type, resolution: 'fixed' };
    case 'reassess':
      return { type, impact: 'medium', reason: 'Bids go through after a retry.' };
    case 'cancel':
      return { type, reason: 'withdrawn' };
    case 'record_fallback_decision':
      return { type, decision: 'offline_bidding', reason: 'No fix before the round closes.' };
    case 'request_change':
      return { type, kind: 'sql_script', script: "DELETE FROM quotation WHERE state = 'stale';" };
    case 'approve_change':
      return { type, task: 1 };
    case 'reject_change':
      return { type, task: 1, reason: 'Needs a WHERE on the campaign id.' };
    case 'execute_change':
      return { type, task: 1, result: 'succeeded', output: '12 rows deleted.' };
    case 'verify_change':
      return { type, task: 1 };
  }
}

/** Applies an action that must be accepted; a refusal fails the test with its reason. */
export function act(
  state: IncidentState | null,
  action: WorkflowAction,
  actor: Actor,
  now: number,
): { next: IncidentState; effects: readonly WorkflowEffect[] } {
  const result = transition(state, action, actor, now, context);
  if (!result.ok) {
    throw new Error(`${action.type} refused: ${result.refusal.code}: ${result.refusal.reason}`);
  }
  return result;
}

type Step = readonly [ActionType, GroupId];

/** How each status is reached from the one before it (the path of DOMAIN.md §2). */
const PATHS: Readonly<Record<IncidentStatus, readonly Step[]>> = {
  reported: [['report', 'reporters']],
  triage: [['acknowledge', 'desk']],
  with_system: [['escalate_to_system', 'desk']],
  onsite: [['start_onsite_handling', 'system']],
  vendor_new: [['hand_to_vendor', 'system']],
  vendor_registered: [['register', 'vendor']],
  vendor_reproduced: [['record_reproduction', 'vendor']],
  vendor_root_caused: [['record_root_cause', 'vendor']],
  vendor_fixed: [['record_fix', 'vendor']],
  vendor_verified: [['record_verification', 'vendor']],
  final_test: [['deliver_for_final_test', 'vendor']],
  resolved: [['confirm_fix', 'reporters']],
  closed: [['verify_and_close', 'desk']],
  cancelled: [['cancel', 'reporters']],
};
const PREVIOUS: Readonly<Record<IncidentStatus, IncidentStatus | null>> = {
  reported: null,
  triage: 'reported',
  with_system: 'triage',
  onsite: 'with_system',
  vendor_new: 'with_system',
  vendor_registered: 'vendor_new',
  vendor_reproduced: 'vendor_registered',
  vendor_root_caused: 'vendor_reproduced',
  vendor_fixed: 'vendor_root_caused',
  vendor_verified: 'vendor_fixed',
  final_test: 'vendor_verified',
  resolved: 'final_test',
  closed: 'resolved',
  cancelled: 'reported',
};

/** Change-task actions need task #1 in the right state: requested, approved or executed. */
const TASK_SETUP: Partial<Record<ActionType, readonly ActionType[]>> = {
  approve_change: ['request_change'],
  reject_change: ['request_change'],
  execute_change: ['request_change', 'approve_change'],
  verify_change: ['request_change', 'approve_change', 'execute_change'],
};
const TASK_STEP_GROUP: Partial<Record<ActionType, GroupId>> = {
  approve_change: 'system',
  execute_change: 'devops',
};

/** The steps that bring a new incident to `status`. */
function pathTo(status: IncidentStatus): Step[] {
  const previous = PREVIOUS[status];
  return [...(previous === null ? [] : pathTo(previous)), ...PATHS[status]];
}

/**
 * An incident in `status`, ready for `action`: for change-task actions in the stages where tasks
 * live, task #1 was requested (by the vendor, or by system on site) and moved as far as needed.
 */
export function stateFor(status: IncidentStatus, action?: ActionType): IncidentState {
  const steps = pathTo(status);
  const setup = action === undefined ? undefined : TASK_SETUP[action];
  const taskStage =
    status === 'onsite' || (status.startsWith('vendor_') && status !== 'vendor_new');
  if (setup && taskStage) {
    const requester = status === 'onsite' ? 'system' : 'vendor';
    steps.push(...setup.map((type): Step => [type, TASK_STEP_GROUP[type] ?? requester]));
  }
  let state: IncidentState | null = null;
  let now = T0;
  for (const [type, group] of steps) {
    state = act(state, sampleAction(type, group), actorOf(group), now).next;
    now += MINUTE;
  }
  if (state === null) throw new Error(`no path to ${status}`);
  return state;
}

/** A compact, readable signature of an effect, for table assertions. */
export function signature(effect: WorkflowEffect): string {
  switch (effect.type) {
    case 'record':
      return `record:${effect.event}`;
    case 'acknowledge':
      return `acknowledge:${effect.by}`;
    case 'set_priority':
      return `set_priority:${effect.priority}`;
    case 'hand_off':
      return `hand_off:${effect.from ?? '-'}>${effect.to ?? '-'}`;
    case 'clock':
      return `clock:${effect.op}`;
    case 'notify':
      return `notify:${effect.audience === 'reporter' ? 'reporter' : effect.audience.join(',')}`;
  }
}

/** Freezes a value and everything in it, so a mutation throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
