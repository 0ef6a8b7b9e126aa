/**
 * Runtime lists of the API's enums; `satisfies` ties each to the generated types, and model.test.ts
 * to the policy package's lists (copied, not imported, to keep the workflow rules out of the
 * initial bundle).
 */
import type { ActionType, Incident, IncidentReport, Priority } from '../api/client';

export const OPEN_STATUSES = [
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
] as const satisfies readonly Incident['status'][];

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const satisfies readonly Priority[];

export const HOLDER_GROUPS = ['desk', 'system', 'vendor', 'devops'] as const;

/** The plan's words for what the user sees (§5.1), in its order. */
export const SYMPTOMS = [
  'unusable',
  'data_wrong',
  'slow',
  'partly_unusable',
  'other',
] as const satisfies readonly IncidentReport['symptom'][];

export const SCOPES = ['all', 'some', 'one'] as const satisfies readonly IncidentReport['scope'][];
export const IMPACTS = ['high', 'medium', 'low'] as const satisfies readonly Incident['impact'][];
export const CATEGORIES = [
  'network',
  'os_database',
  'application_hang',
  'server_down',
  'load_balancer_down',
  'storage_transfer',
  'system_defect',
  'other',
] as const satisfies readonly Incident['category'][];

export const ACTION_TYPES = [
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
] as const satisfies readonly ActionType[];
