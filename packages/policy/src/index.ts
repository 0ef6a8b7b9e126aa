/** The policy package: the OVMS emergency plan's rules, pure and table-driven. */
export * from './model.js';
export {
  DEFAULT_PRIORITY_MATRIX,
  DEFAULT_SYMPTOM_IMPACT,
  PolicyTableError,
  impactOfSymptom,
  priorityOf,
  validatePriorityMatrix,
  validateSymptomImpactMap,
} from './priority.js';
export type { PriorityMatrix, SymptomImpactMap } from './priority.js';
export {
  DEFAULT_RESOLUTION_TARGETS,
  effectiveGrade,
  resolutionTargetMs,
  validateResolutionTargetTable,
} from './targets.js';
export type {
  Campaign,
  EffectiveGrade,
  GradedSystem,
  ResolutionTarget,
  ResolutionTargetTable,
} from './targets.js';
export { ClockHistoryError, slaStatus } from './sla.js';
export type { ClockEvent, SlaStatus } from './sla.js';
export {
  DEFAULT_NOTICE_THRESHOLDS,
  NOTICE_AUDIENCES,
  P1_ALERTS_LEADERS,
  dueNotices,
  thresholdNoticeKey,
  validateNoticeThresholds,
} from './notices.js';
export type {
  DueNotices,
  Notice,
  NoticeAudience,
  NoticeInput,
  NoticeThreshold,
  PriorityAlert,
} from './notices.js';
export * from './workflow/index.js';
export * from './calendar/index.js';
