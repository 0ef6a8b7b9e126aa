export {};
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
