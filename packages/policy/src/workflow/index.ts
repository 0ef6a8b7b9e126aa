/** The escalation workflow of DOMAIN.md §2 (plan §4) as a pure state machine. */
export { availableActions, transition } from './transition.js';
/** Per status: who holds it, what its clock does, whether it is final. */
export { STATUS_TRAITS } from './rules.js';
export type { StatusTraits } from './rules.js';
export {
  CANCEL_REASONS,
  CHANGE_KINDS,
  CHANGE_RESULTS,
  CHANGE_TASK_STATUSES,
  FALLBACK_DECISIONS,
  INCIDENT_STATUSES,
  REFUSAL_CODES,
  RESOLUTION_CODES,
  WORKFLOW_ACTIONS,
} from './vocabulary.js';
export type {
  ActionPayloads,
  ActionType,
  Actor,
  AvailableAction,
  Cancellation,
  CancelReason,
  ChangeKind,
  ChangeRequester,
  ChangeResult,
  ChangeTaskStatus,
  ChangeTaskSummary,
  FallbackDecision,
  FallbackDecisionRecord,
  FixDeliverer,
  Holder,
  IncidentState,
  IncidentStatus,
  Refusal,
  RefusalCode,
  ResolutionCode,
  TransitionResult,
  WorkflowAction,
  WorkflowActionOf,
  WorkflowContext,
  WorkflowEffect,
} from './vocabulary.js';
