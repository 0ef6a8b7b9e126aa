/**
 * The escalation workflow's vocabulary (DOMAIN.md §2, plan §4): statuses, actions with their
 * payloads, the incident state the service stores, the effects it executes and the refusals.
 * Every list is a const tuple so that zod enums, UI menus and tests derive from it.
 */
import type {
  Channel,
  GroupId,
  HandlingGroup,
  Impact,
  IncidentKind,
  Instant,
  Priority,
  Scope,
} from '../model.js';

/**
 * Where an incident stands. `reported`/`triage`: the desk holds it (外包组); `with_system`,
 * `onsite`: the system group (系统组); `vendor_*`: Huitong's project team (汇通项目组) working
 * 问题重现-定位问题根源-解决问题-验证后交付; `final_test`: the reporter's final test (最终测试);
 * `resolved`: confirmed, waiting for the desk to verify and close; `closed`, `cancelled`: terminal.
 */
export const INCIDENT_STATUSES = [
  'reported',
  'triage',
  'with_system',
  'onsite',
  'vendor_new',
  'vendor_registered',
  'vendor_reproduced',
  'vendor_root_caused',
  'vendor_fixed',
  'vendor_verified',
  'final_test',
  'resolved',
  'closed',
  'cancelled',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Every action a person (or the OVMS integration) can take on an incident. */
export const WORKFLOW_ACTIONS = [
  'report',
  'acknowledge',
  'guide_and_close',
  'escalate_to_system',
  'start_onsite_handling',
  'hand_to_vendor',
  'register',
  'record_reproduction',
  'record_root_cause',
  'record_fix',
  'record_verification',
  'deliver_for_final_test',
  'confirm_fix',
  'reject_fix',
  'verify_and_close',
  'reassess',
  'cancel',
  'record_fallback_decision',
  'request_change',
  'approve_change',
  'reject_change',
  'execute_change',
  'verify_change',
] as const;
export type ActionType = (typeof WORKFLOW_ACTIONS)[number];

/** Who holds the incident: a handling group, or the reporter during the final test. */
export type Holder = HandlingGroup | 'reporters';

/**
 * How the desk closes a confirmed incident. Duplicates and withdrawals are not resolutions:
 * they are `cancel` reasons.
 */
export const RESOLUTION_CODES = [
  'fixed',
  'workaround',
  'operation_guidance',
  'no_fault_found',
] as const;
export type ResolutionCode = (typeof RESOLUTION_CODES)[number];

export const CANCEL_REASONS = ['duplicate', 'withdrawn'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/** Plan §6: 采用线下招标 (offline bidding) or 待系统恢复后重新进行线上招标. */
export const FALLBACK_DECISIONS = ['offline_bidding', 'rerun_online_after_recovery'] as const;
export type FallbackDecision = (typeof FALLBACK_DECISIONS)[number];

/** Plan §3.2/§4: 版本、紧急版本、SQL脚本 run in production by devops. */
export const CHANGE_KINDS = ['release', 'emergency_release', 'sql_script'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** `requested`, `approved`, `executed` are open; `rejected`, `failed`, `verified`, `cancelled` closed. */
export const CHANGE_TASK_STATUSES = [
  'requested',
  'approved',
  'rejected',
  'executed',
  'failed',
  'verified',
  'cancelled',
] as const;
export type ChangeTaskStatus = (typeof CHANGE_TASK_STATUSES)[number];

export const CHANGE_RESULTS = ['succeeded', 'failed'] as const;
export type ChangeResult = (typeof CHANGE_RESULTS)[number];

/** Who asks devops for a change: the vendor, or the system group while handling on site. */
export type ChangeRequester = 'vendor' | 'system';

/** Who delivered the fix now under final test, so a rejection goes back to them. */
export type FixDeliverer = 'vendor' | 'system';

/** A person (or integration) acting: the machine decides by group; a person may be in several. */
export interface Actor {
  readonly id: string;
  readonly groups: readonly GroupId[];
  /** A reporter's organisation (region or supplier); checked against the incident's. */
  readonly organisation?: string;
}

/** A change task as the incident state keeps it; the script or package itself is in its record. */
export interface ChangeTaskSummary {
  /** 1, 2, 3… within the incident, assigned by the machine in request order. */
  readonly number: number;
  readonly kind: ChangeKind;
  readonly status: ChangeTaskStatus;
  readonly requestedBy: ChangeRequester;
  readonly requestedAt: Instant;
  readonly result: ChangeResult | null;
}

export interface FallbackDecisionRecord {
  readonly decision: FallbackDecision;
  readonly reason: string;
  readonly decidedBy: string;
  readonly at: Instant;
}

export type Cancellation =
  { readonly reason: 'duplicate'; readonly duplicateOf: string } | { readonly reason: 'withdrawn' };

/** The incident's workflow state: a plain JSON-serialisable object the service stores. */
export interface IncidentState {
  readonly status: IncidentStatus;
  /** Derived from the status; kept so the service can filter its queue by it. */
  readonly holder: Holder | null;
  /** As reported, then as the desk classified it (guide → operation question, escalate → fault). */
  readonly kind: IncidentKind;
  readonly channel: Channel;
  readonly impact: Impact;
  readonly scope: Scope;
  readonly priority: Priority;
  /** The desk's 说明影响 when escalating. */
  readonly impactStatement: string | null;
  /** The clock starts here: for a hotline call, the time of the call. */
  readonly reportedAt: Instant;
  readonly reportedBy: string;
  readonly reporterOrganisation: string | null;
  readonly acknowledgedAt: Instant | null;
  /** How many final tests the reporter rejected. */
  readonly rejectionRounds: number;
  readonly fixDeliveredBy: FixDeliverer | null;
  /** The vendor's 判定: does the fix need SQL in production, is it a network matter. */
  readonly rootCause: {
    readonly needsProductionSql: boolean;
    readonly networkMatter: boolean;
  } | null;
  readonly changeTasks: readonly ChangeTaskSummary[];
  readonly resolution: ResolutionCode | null;
  readonly cancellation: Cancellation | null;
  readonly fallbackDecisions: readonly FallbackDecisionRecord[];
}

/** What each action carries besides its `type`. Free texts are required unless marked optional. */
export interface ActionPayloads {
  report: {
    channel: Channel;
    kind: IncidentKind;
    impact: Impact;
    scope: Scope;
    /** When the user reported: the desk sets the time of the call; defaults to `now`. */
    reportedAt?: Instant;
    /** Set by the desk or devops for the caller; a reporter's comes from their account. */
    reporterOrganisation?: string;
  };
  acknowledge: Record<never, never>;
  guide_and_close: { guidance: string };
  escalate_to_system: { impact: Impact; scope: Scope; impactStatement: string };
  /** Why it is urgent or blocking (紧急、阻断性问题). */
  start_onsite_handling: { note: string };
  hand_to_vendor: { note?: string };
  register: { vendorReference?: string };
  record_reproduction: { note: string };
  record_root_cause: { rootCause: string; needsProductionSql: boolean; networkMatter: boolean };
  record_fix: { note: string };
  record_verification: { note: string };
  /** What the reporter should test. */
  deliver_for_final_test: { note: string };
  confirm_fix: { note?: string };
  reject_fix: { note: string };
  verify_and_close: { resolution: ResolutionCode; note?: string };
  reassess: { impact?: Impact; scope?: Scope; reason: string };
  cancel: { reason: 'duplicate'; duplicateOf: string } | { reason: 'withdrawn'; note?: string };
  record_fallback_decision: { decision: FallbackDecision; reason: string };
  /** A release names its package; an SQL script carries its text. */
  request_change: { kind: ChangeKind; packageRef?: string; script?: string; note?: string };
  approve_change: { task: number; note?: string };
  reject_change: { task: number; reason: string };
  execute_change: { task: number; result: ChangeResult; output: string };
  verify_change: { task: number; note?: string };
}

/** The action(s) of the given type(s), payload included; distributes over a union of types. */
export type WorkflowActionOf<K extends ActionType> = K extends ActionType
  ? { readonly type: K } & Readonly<ActionPayloads[K]>
  : never;
export type WorkflowAction = WorkflowActionOf<ActionType>;

/**
 * What the service must do after an accepted action, as data. The clock effects drive the SLA;
 * `hand_off` feeds the per-group working-time account; `record` is the timeline entry.
 */
export type WorkflowEffect =
  | {
      readonly type: 'record';
      readonly event: ActionType;
      readonly at: Instant;
      readonly actorId: string;
      /** The group the actor acted as. */
      readonly as: GroupId;
      /** The desk recorded the reporter's answer given by phone. */
      readonly onBehalfOfReporter: boolean;
      readonly from: IncidentStatus | null;
      readonly to: IncidentStatus;
      /** The action's payload, plus what the machine derived (e.g. a task's number). */
      readonly data: Readonly<Record<string, unknown>>;
    }
  | { readonly type: 'acknowledge'; readonly at: Instant; readonly by: GroupId }
  | {
      readonly type: 'set_priority';
      readonly priority: Priority;
      readonly impact: Impact;
      readonly scope: Scope;
      readonly reason: string;
      readonly at: Instant;
    }
  | {
      readonly type: 'hand_off';
      readonly from: Holder | null;
      readonly to: Holder | null;
      readonly at: Instant;
    }
  | {
      readonly type: 'clock';
      readonly op: 'start' | 'pause' | 'resume' | 'stop';
      readonly at: Instant;
    }
  | {
      readonly type: 'notify';
      readonly audience: readonly GroupId[] | 'reporter';
      readonly event: ActionType;
    };

export const REFUSAL_CODES = [
  'not_reported',
  'already_reported',
  'terminal',
  'invalid_in_status',
  'not_allowed_for_group',
  'not_reporters_organisation',
  'channel_not_allowed',
  'missing_field',
  'invalid_field',
  'no_change',
  'open_change_tasks',
  'unknown_change_task',
  'invalid_change_task_status',
  'not_change_requester',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refusal {
  readonly code: RefusalCode;
  /** English, naming the status, the action and who may do it. */
  readonly reason: string;
}

export type TransitionResult =
  | {
      readonly ok: true;
      readonly next: IncidentState;
      readonly effects: readonly WorkflowEffect[];
    }
  | { readonly ok: false; readonly refusal: Refusal };

/**
 * What the machine needs from the incident's policy version. Required rather than defaulted:
 * an incident keeps the priority matrix it was created under (DOMAIN.md §5), so the caller
 * must say which one.
 */
export interface WorkflowContext {
  readonly derivePriority: (impact: Impact, scope: Scope) => Priority;
}

/** A button for the SPA: an action, and for change-task actions the task it applies to. */
export interface AvailableAction {
  readonly type: ActionType;
  readonly task?: number;
}
