/**
 * The plan's vocabulary (DOMAIN.md §1–§4), shared by every module of the policy package,
 * the API and the SPA. Each list is a const tuple so that zod enums and UI menus derive from it.
 */

/** Groups of the emergency team (plan §3.2), plus `admin` for reference data. */
export const GROUPS = [
  'leaders',
  'desk',
  'system',
  'devops',
  'vendor',
  'reporters',
  'admin',
] as const;
export type GroupId = (typeof GROUPS)[number];

/** Groups whose working time on an incident is accounted (the OLA view of the hand-offs). */
export const HANDLING_GROUPS = ['desk', 'system', 'vendor', 'devops'] as const;
export type HandlingGroup = (typeof HANDLING_GROUPS)[number];

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const IMPACTS = ['high', 'medium', 'low'] as const;
export type Impact = (typeof IMPACTS)[number];

/** Who is affected: all users (全部用户), some users (部分用户), one user (单个用户). */
export const SCOPES = ['all', 'some', 'one'] as const;
export type Scope = (typeof SCOPES)[number];

export const GRADES = ['A', 'B', 'C'] as const;
export type Grade = (typeof GRADES)[number];

/**
 * What the user sees, in the plan's words (§5.1 影响状况):
 * 完全无法使用 unusable, 数据异常 data_wrong, 使用缓慢 slow, 部分功能无法使用 partly_unusable,
 * 其它（含请求类）other.
 */
export const SYMPTOMS = ['unusable', 'data_wrong', 'slow', 'partly_unusable', 'other'] as const;
export type Symptom = (typeof SYMPTOMS)[number];

/** Risk categories of plan §2, plus `other`. */
export const RISK_CATEGORIES = [
  'network',
  'os_database',
  'application_hang',
  'server_down',
  'load_balancer_down',
  'storage_transfer',
  'system_defect',
  'other',
] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];

/** How a report reached us. */
export const CHANNELS = [
  'web',
  'hotline_operation',
  'hotline_fault',
  'ovms_integration',
  'devops_monitoring',
] as const;
export type Channel = (typeof CHANNELS)[number];

/** Operation question (操作类问题) or system fault (系统类问题). */
export const INCIDENT_KINDS = ['operation_question', 'system_fault'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/** Working time, durations and instants are plain numbers: epoch milliseconds and milliseconds. */
export type Instant = number;
export type Millis = number;

export const MINUTE: Millis = 60_000;
export const HOUR: Millis = 60 * MINUTE;
