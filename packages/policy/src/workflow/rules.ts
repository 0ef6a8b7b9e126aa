/**
 * The workflow's rules as data, in one place: what each status means for the holder and the
 * clock, who may take which action in which status and where it leads, which texts an action
 * must carry, and who hears about it. `transition` and `availableActions` both read these.
 */
import type { Channel, GroupId } from '../model.js';
import type {
  ActionPayloads,
  ActionType,
  ChangeKind,
  ChangeTaskSummary,
  ChangeTaskStatus,
  FixDeliverer,
  Holder,
  IncidentState,
  IncidentStatus,
  WorkflowAction,
} from './vocabulary.js';

export type ClockState = 'running' | 'paused' | 'stopped';

export interface StatusTraits {
  readonly holder: Holder | null;
  readonly clock: ClockState;
  readonly terminal: boolean;
}

/**
 * The clock pauses while the reporter tests and stops once they confirm (DOMAIN.md §5);
 * `resolved` stays with the desk, who verifies and closes (plan §4: 验证通过的问题，回复地区并关闭问题).
 */
export const STATUS_TRAITS: Readonly<Record<IncidentStatus, StatusTraits>> = {
  reported: { holder: 'desk', clock: 'running', terminal: false },
  triage: { holder: 'desk', clock: 'running', terminal: false },
  with_system: { holder: 'system', clock: 'running', terminal: false },
  onsite: { holder: 'system', clock: 'running', terminal: false },
  vendor_new: { holder: 'vendor', clock: 'running', terminal: false },
  vendor_registered: { holder: 'vendor', clock: 'running', terminal: false },
  vendor_reproduced: { holder: 'vendor', clock: 'running', terminal: false },
  vendor_root_caused: { holder: 'vendor', clock: 'running', terminal: false },
  vendor_fixed: { holder: 'vendor', clock: 'running', terminal: false },
  vendor_verified: { holder: 'vendor', clock: 'running', terminal: false },
  final_test: { holder: 'reporters', clock: 'paused', terminal: false },
  resolved: { holder: 'desk', clock: 'stopped', terminal: false },
  closed: { holder: null, clock: 'stopped', terminal: true },
  cancelled: { holder: null, clock: 'stopped', terminal: true },
};

const BEFORE_ESCALATION = ['reported', 'triage'] as const;
const VENDOR_STAGES = [
  'vendor_new',
  'vendor_registered',
  'vendor_reproduced',
  'vendor_root_caused',
  'vendor_fixed',
  'vendor_verified',
] as const;
/** The vendor works (and may need devops) only once the issue is registered (问题登记). */
const VENDOR_WORK = VENDOR_STAGES.slice(1);
/** Where change tasks live: the vendor's work, or the system group's on-site handling. */
const CHANGE_STAGES = [...VENDOR_WORK, 'onsite'] as const;
const ESCALATED_OPEN = ['with_system', 'onsite', ...VENDOR_STAGES, 'final_test'] as const;

export type IncidentActionType = Exclude<ActionType, 'report'>;

/** Some groups may take an action in some statuses. */
export interface Grant {
  readonly in: readonly IncidentStatus[];
  readonly by: readonly GroupId[];
}

export interface ActionRule {
  readonly grants: readonly Grant[];
  /**
   * Where the action leads. `same`: the status does not change; `back_to_deliverer`: a rejected
   * final test returns to whoever delivered the fix (plan §4: 再次定位问题-解决问题-验证后交付).
   */
  readonly to: IncidentStatus | 'same' | 'back_to_deliverer';
}

/**
 * Who may do what, where. The order of `by` is the preference when a person is in several
 * groups: e.g. someone in both reporters and desk confirms a fix as the reporter.
 */
export const ACTION_RULES: Readonly<Record<IncidentActionType, ActionRule>> = {
  acknowledge: { grants: [{ in: ['reported'], by: ['desk'] }], to: 'triage' },
  guide_and_close: { grants: [{ in: BEFORE_ESCALATION, by: ['desk'] }], to: 'closed' },
  escalate_to_system: { grants: [{ in: BEFORE_ESCALATION, by: ['desk'] }], to: 'with_system' },
  start_onsite_handling: { grants: [{ in: ['with_system'], by: ['system'] }], to: 'onsite' },
  hand_to_vendor: { grants: [{ in: ['with_system'], by: ['system'] }], to: 'vendor_new' },
  register: { grants: [{ in: ['vendor_new'], by: ['vendor'] }], to: 'vendor_registered' },
  record_reproduction: {
    grants: [{ in: ['vendor_registered'], by: ['vendor'] }],
    to: 'vendor_reproduced',
  },
  record_root_cause: {
    grants: [{ in: ['vendor_reproduced'], by: ['vendor'] }],
    to: 'vendor_root_caused',
  },
  record_fix: { grants: [{ in: ['vendor_root_caused'], by: ['vendor'] }], to: 'vendor_fixed' },
  record_verification: {
    grants: [{ in: ['vendor_fixed'], by: ['vendor'] }],
    to: 'vendor_verified',
  },
  deliver_for_final_test: {
    grants: [
      { in: ['vendor_verified'], by: ['vendor'] },
      { in: ['onsite'], by: ['system'] },
    ],
    to: 'final_test',
  },
  // The desk may record the reporter's answer given on the phone.
  confirm_fix: { grants: [{ in: ['final_test'], by: ['reporters', 'desk'] }], to: 'resolved' },
  reject_fix: {
    grants: [{ in: ['final_test'], by: ['reporters', 'desk'] }],
    to: 'back_to_deliverer',
  },
  verify_and_close: { grants: [{ in: ['resolved'], by: ['desk'] }], to: 'closed' },
  // Plan §5.1: 事件被处理人接收后…重新修正事件的影响程度: whoever holds it re-assesses.
  reassess: {
    grants: [
      { in: ['triage'], by: ['desk'] },
      { in: ['with_system', 'onsite'], by: ['system'] },
      { in: VENDOR_STAGES, by: ['vendor'] },
    ],
    to: 'same',
  },
  // The reporter may withdraw only while the desk still has it.
  cancel: {
    grants: [
      { in: BEFORE_ESCALATION, by: ['desk', 'system', 'reporters'] },
      { in: ESCALATED_OPEN, by: ['desk', 'system'] },
    ],
    to: 'cancelled',
  },
  // Plan §6: only a confirmed system fault can stop the bidding; the decision may come late.
  record_fallback_decision: {
    grants: [{ in: [...ESCALATED_OPEN, 'resolved'], by: ['leaders'] }],
    to: 'same',
  },
  request_change: {
    grants: [
      { in: VENDOR_WORK, by: ['vendor'] },
      { in: ['onsite'], by: ['system'] },
    ],
    to: 'same',
  },
  approve_change: { grants: [{ in: CHANGE_STAGES, by: ['system'] }], to: 'same' },
  reject_change: { grants: [{ in: CHANGE_STAGES, by: ['system'] }], to: 'same' },
  execute_change: { grants: [{ in: CHANGE_STAGES, by: ['devops'] }], to: 'same' },
  // The requester verifies; the system group (协助完成问题验证) may too.
  verify_change: {
    grants: [
      { in: VENDOR_WORK, by: ['vendor', 'system'] },
      { in: ['onsite'], by: ['system'] },
    ],
    to: 'same',
  },
};

/** The reporter's own answers, which the desk may record for them after a phone call. */
export const REPORTER_ANSWERS: readonly ActionType[] = ['confirm_fix', 'reject_fix'];

/** Where a rejected final test goes back to. */
export const REJECTION_RETURNS: Readonly<Record<FixDeliverer, IncidentStatus>> = {
  vendor: 'vendor_reproduced',
  system: 'onsite',
};

/**
 * Who may open an incident through which channel: the desk logs hotline calls, devops its
 * monitoring alerts, the OVMS integration acts as a reporter.
 */
export const CHANNEL_REPORTERS: Readonly<Record<Channel, readonly GroupId[]>> = {
  web: ['reporters', 'desk'],
  hotline_operation: ['desk'],
  hotline_fault: ['desk'],
  ovms_integration: ['reporters'],
  devops_monitoring: ['devops'],
};

/** Free texts an action must carry (non-blank). Conditional ones are checked by the action. */
export const REQUIRED_TEXTS: {
  readonly [K in ActionType]?: readonly (keyof ActionPayloads[K] & string)[];
} = {
  guide_and_close: ['guidance'],
  escalate_to_system: ['impactStatement'],
  start_onsite_handling: ['note'],
  record_reproduction: ['note'],
  record_root_cause: ['rootCause'],
  record_fix: ['note'],
  record_verification: ['note'],
  deliver_for_final_test: ['note'],
  reject_fix: ['note'],
  reassess: ['reason'],
  record_fallback_decision: ['reason'],
  reject_change: ['reason'],
  execute_change: ['output'],
};

/** What a change task must carry: devops runs exactly what was approved. */
export const CHANGE_MATERIAL: Readonly<Record<ChangeKind, 'packageRef' | 'script'>> = {
  release: 'packageRef',
  emergency_release: 'packageRef',
  sql_script: 'script',
};

export const OPEN_CHANGE_TASK_STATUSES: readonly ChangeTaskStatus[] = [
  'requested',
  'approved',
  'executed',
];

/** The task status each change-task action works on. */
export const CHANGE_TASK_STEPS = {
  approve_change: { from: 'requested', to: 'approved' },
  reject_change: { from: 'requested', to: 'rejected' },
  execute_change: { from: 'approved', to: 'executed' },
  verify_change: { from: 'executed', to: 'verified' },
} as const satisfies Partial<Record<ActionType, { from: ChangeTaskStatus; to: ChangeTaskStatus }>>;
export type ChangeTaskAction = keyof typeof CHANGE_TASK_STEPS;

export type Audience = GroupId | 'reporter';

/** Everything a notification rule may look at. */
export interface NotificationInput {
  readonly before: IncidentState | null;
  readonly after: IncidentState;
  readonly action: WorkflowAction;
  /** The change task the action created or moved, as it is after the action. */
  readonly task: ChangeTaskSummary | null;
}

const ALL_HANDLERS: readonly Audience[] = ['desk', 'system', 'vendor', 'devops'];

/** Who hears about an accepted action (plan §3.2, §4). */
export const NOTIFICATIONS: Readonly<
  Record<ActionType, (input: NotificationInput) => readonly Audience[]>
> = {
  report: () => ['desk'],
  acknowledge: () => [],
  guide_and_close: () => ['reporter'],
  escalate_to_system: () => ['system'],
  // 紧急、阻断性问题，必须马上现场处理: ops people and the leaders coordinating resources.
  start_onsite_handling: () => ['devops', 'leaders'],
  hand_to_vendor: () => ['vendor'],
  register: () => [],
  record_reproduction: () => [],
  // SQL in production or a network matter needs the system group to coordinate devops.
  record_root_cause: ({ after }) => {
    const { needsProductionSql, networkMatter } = after.rootCause ?? {};
    if (networkMatter) return ['system', 'devops'];
    return needsProductionSql ? ['system'] : [];
  },
  record_fix: () => [],
  record_verification: () => [],
  // The desk helps with the verification (协助问题的验证).
  deliver_for_final_test: () => ['reporter', 'desk'],
  confirm_fix: () => ['desk'],
  reject_fix: ({ before }) => [before?.fixDeliveredBy ?? 'vendor'],
  // 回复地区: the desk tells the region.
  verify_and_close: () => ['reporter'],
  reassess: () => [],
  cancel: ({ before }) => {
    const holder = before?.holder;
    return holder && holder !== 'reporters' ? ['reporter', holder] : ['reporter'];
  },
  record_fallback_decision: () => [...ALL_HANDLERS, 'reporter'],
  // An emergency release is coordinated by system and devops together (负责协调紧急版本的发布).
  request_change: ({ task }) =>
    task?.kind === 'emergency_release' ? ['system', 'devops'] : ['system'],
  approve_change: ({ task }) => ['devops', ...requester(task)],
  reject_change: ({ task }) => requester(task),
  execute_change: ({ task }) => [...new Set<Audience>([...requester(task), 'system'])],
  verify_change: () => [],
};

function requester(task: ChangeTaskSummary | null): readonly Audience[] {
  return task ? [task.requestedBy] : [];
}
