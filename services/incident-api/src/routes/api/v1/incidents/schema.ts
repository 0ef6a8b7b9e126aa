/**
 * The incidents resource: request and response schemas, the single source of the API's types
 * and of its OpenAPI document.
 */
import { z } from 'zod';
import {
  CANCEL_REASONS,
  CHANGE_KINDS,
  CHANGE_RESULTS,
  CHANNELS,
  FALLBACK_DECISIONS,
  GRADES,
  IMPACTS,
  INCIDENT_KINDS,
  INCIDENT_STATUSES,
  PRIORITIES,
  RESOLUTION_CODES,
  RISK_CATEGORIES,
  SCOPES,
  SYMPTOMS,
  WORKFLOW_ACTIONS,
} from '@ovms/policy';

const text = (max: number) => z.string().trim().min(1).max(max);
const isoInstant = z.iso
  .datetime({ offset: true })
  .describe('An instant in ISO 8601 with a zone offset, e.g. 2026-02-13T16:00:00+08:00.');

export const incidentIdParams = z.object({
  incidentId: z.coerce.number().int().positive().describe('The incident number.'),
});

export const reportIncidentSchema = z
  .object({
    channel: z.enum(CHANNELS).describe('How the report reached us.'),
    kind: z
      .enum(INCIDENT_KINDS)
      .describe(
        'Operation question (操作类问题) or system fault (系统类问题); the desk may reclassify.',
      ),
    category: z.enum(RISK_CATEGORIES).default('other').describe('Risk category of plan §2.'),
    systemId: z.string().min(1).default('ovms'),
    title: text(200),
    description: text(10_000),
    symptom: z
      .enum(SYMPTOMS)
      .describe(
        'What the user sees: unusable 完全无法使用, data_wrong 数据异常, slow 使用缓慢, partly_unusable 部分功能无法使用, other 其它（含请求类）.',
      ),
    scope: z.enum(SCOPES).describe('Who is affected: all users, some users, one user.'),
    reporter: z.object({
      organisation: text(200).describe('Region or supplier of the reporter.'),
      name: text(100),
      phone: z
        .string()
        .trim()
        .regex(/^[0-9+\-() ]{3,30}$/, 'a phone number: digits, spaces, + - ( )')
        .optional(),
    }),
    reportedAt: isoInstant
      .optional()
      .describe(
        'When the user reported: for a hotline call, the time of the call. Defaults to now.',
      ),
    externalRef: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe('The caller’s own id, e.g. OVMS’s ticket id; searchable.'),
  })
  .meta({ id: 'IncidentReport' });

export type ReportIncidentBody = z.infer<typeof reportIncidentSchema>;

export const slaSchema = z
  .object({
    targetMinutes: z.number(),
    spentMinutes: z.number().describe('Working minutes on the clock, pauses excluded.'),
    leftMinutes: z.number().describe('Working minutes left; negative once breached.'),
    percent: z.number(),
    dueAt: z
      .string()
      .describe('When the target is used up (if the clock resumed now, while paused).'),
    paused: z.boolean(),
    stopped: z.boolean(),
    breached: z.boolean(),
    breachedAt: z.string().nullable(),
    pausedMinutes: z.number(),
    byGroup: z
      .record(z.string(), z.number())
      .describe('Working minutes each group held the incident.'),
  })
  .meta({ id: 'Sla' });

export const fallbackDecisionRecordSchema = z
  .object({
    decision: z.enum(FALLBACK_DECISIONS),
    reason: z.string(),
    decidedBy: z.string(),
    at: z.string(),
  })
  .meta({ id: 'FallbackDecisionRecord' });

export const incidentSchema = z
  .object({
    id: z.number().int(),
    version: z.number().int().describe('Bumped by every change; the ETag is "<version>".'),
    status: z.enum(INCIDENT_STATUSES),
    holderGroup: z.string(),
    assigneeId: z.string().nullable(),
    kind: z.enum(INCIDENT_KINDS),
    channel: z.enum(CHANNELS),
    category: z.enum(RISK_CATEGORIES),
    systemId: z.string(),
    campaignId: z.string().nullable(),
    title: z.string(),
    description: z.string(),
    symptom: z.enum(SYMPTOMS),
    impact: z.enum(IMPACTS),
    scope: z.enum(SCOPES),
    priority: z.enum(PRIORITIES),
    effectiveGrade: z.enum(GRADES),
    impactStatement: z.string().nullable(),
    policyVersion: z.number().int(),
    calendarId: z.string(),
    reporter: z.object({
      organisation: z.string(),
      name: z.string(),
      phone: z.string().nullable(),
    }),
    externalRef: z.string().nullable(),
    reportedAt: z.string(),
    acknowledgedAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    resolutionCode: z.string().nullable(),
    rejectionRounds: z.number().int(),
    fallbackDecision: fallbackDecisionRecordSchema
      .nullable()
      .describe('The leaders’ latest decision when the fault stopped online bidding (plan §6).'),
    sla: slaSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Incident' });

export const timelineEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    type: z.string().describe('An action, priority_set, handed_off, clock_*, or comment.'),
    actorId: z.string().nullable(),
    actorGroups: z.array(z.string()),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'TimelineEntry' });

export const changeTaskSchema = z
  .object({
    number: z.number().int(),
    kind: z.enum(CHANGE_KINDS),
    status: z.string(),
    summary: z.string(),
    packageRef: z.string().nullable(),
    sqlText: z.string().nullable(),
    sqlChecksum: z.string().nullable().describe('sha256 of the SQL text as requested.'),
    requestedById: z.string().nullable(),
    requestedAt: z.string(),
    decidedById: z.string().nullable(),
    decidedAt: z.string().nullable(),
    executedById: z.string().nullable(),
    executedAt: z.string().nullable(),
    result: z.string().nullable(),
    output: z.string().nullable(),
    verifiedById: z.string().nullable(),
    verifiedAt: z.string().nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: 'ChangeTask' });

export const availableActionSchema = z
  .object({ type: z.enum(WORKFLOW_ACTIONS), task: z.number().int().optional() })
  .meta({ id: 'AvailableAction' });

export const incidentDetailSchema = incidentSchema
  .extend({
    timeline: z.array(timelineEntrySchema),
    changeTasks: z.array(changeTaskSchema),
    fallbackDecisions: z
      .array(fallbackDecisionRecordSchema)
      .describe('Every decision, oldest first.'),
    availableActions: z
      .array(availableActionSchema)
      .describe('What the calling actor may do now (empty without an actor).'),
  })
  .meta({ id: 'IncidentDetail' });

export const queueQuerySchema = z.object({
  status: z
    .union([z.enum(INCIDENT_STATUSES), z.array(z.enum(INCIDENT_STATUSES))])
    .optional()
    .describe('One or more statuses (repeat the parameter). Default: every open status.'),
  priority: z.union([z.enum(PRIORITIES), z.array(z.enum(PRIORITIES))]).optional(),
  holder: z.string().optional().describe('Holding group, e.g. vendor.'),
  assignee: z.string().optional(),
  campaign: z.string().optional(),
  system: z.string().optional(),
  category: z.enum(RISK_CATEGORIES).optional(),
  dueBefore: isoInstant.optional(),
  breached: z.enum(['true', 'false']).optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Text in title, description or external reference.'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional().describe('From nextCursor of the previous page.'),
});

export const queuePageSchema = z
  .object({
    items: z.array(incidentSchema),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'IncidentPage' });

// ---------------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------------

const note = text(5_000);
const task = z.number().int().positive().describe('The change task’s number within the incident.');

/** Every workflow action but `report`, as the state machine takes them. */
export const incidentActionSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('acknowledge') }),
    z.object({ type: z.literal('guide_and_close'), guidance: note }),
    z.object({
      type: z.literal('escalate_to_system'),
      impact: z.enum(IMPACTS),
      scope: z.enum(SCOPES),
      impactStatement: note.describe('说明影响: what the fault stops, for whom.'),
    }),
    z.object({ type: z.literal('start_onsite_handling'), note }),
    z.object({ type: z.literal('hand_to_vendor'), note: note.optional() }),
    z.object({ type: z.literal('register'), vendorReference: text(100).optional() }),
    z.object({ type: z.literal('record_reproduction'), note }),
    z.object({
      type: z.literal('record_root_cause'),
      rootCause: note,
      needsProductionSql: z.boolean(),
      networkMatter: z.boolean(),
    }),
    z.object({ type: z.literal('record_fix'), note }),
    z.object({ type: z.literal('record_verification'), note }),
    z.object({ type: z.literal('deliver_for_final_test'), note }),
    z.object({ type: z.literal('confirm_fix'), note: note.optional() }),
    z.object({ type: z.literal('reject_fix'), note }),
    z.object({
      type: z.literal('verify_and_close'),
      resolution: z.enum(RESOLUTION_CODES),
      note: note.optional(),
    }),
    z.object({
      type: z.literal('reassess'),
      impact: z.enum(IMPACTS).optional(),
      scope: z.enum(SCOPES).optional(),
      reason: note,
    }),
    z.object({
      type: z.literal('cancel'),
      reason: z.enum(CANCEL_REASONS),
      duplicateOf: text(50).optional(),
      note: note.optional(),
    }),
    z.object({
      type: z.literal('record_fallback_decision'),
      decision: z.enum(FALLBACK_DECISIONS),
      reason: note,
    }),
    z.object({
      type: z.literal('request_change'),
      kind: z.enum(CHANGE_KINDS),
      packageRef: text(500).optional(),
      script: z.string().min(1).max(200_000).optional(),
      note: note.optional(),
    }),
    z.object({ type: z.literal('approve_change'), task, note: note.optional() }),
    z.object({ type: z.literal('reject_change'), task, reason: note }),
    z.object({
      type: z.literal('execute_change'),
      task,
      result: z.enum(CHANGE_RESULTS),
      output: z.string().max(200_000),
    }),
    z.object({ type: z.literal('verify_change'), task, note: note.optional() }),
  ])
  .meta({ id: 'IncidentAction' });

export type IncidentActionBody = z.infer<typeof incidentActionSchema>;

export const reassessmentSchema = z
  .object({ impact: z.enum(IMPACTS).optional(), scope: z.enum(SCOPES).optional(), reason: note })
  .meta({ id: 'Reassessment' });

export const commentSchema = z.object({ text: text(10_000) }).meta({ id: 'CommentInput' });

export const changeTaskRequestSchema = z
  .object({
    kind: z.enum(CHANGE_KINDS),
    packageRef: text(500).optional().describe('The production package of a release.'),
    script: z.string().min(1).max(200_000).optional().describe('The SQL script’s text.'),
    note: note.optional(),
  })
  .meta({ id: 'ChangeTaskRequest' });

export const changeTaskParams = incidentIdParams.extend({
  taskNumber: z.coerce.number().int().positive(),
});

export const changeTaskStepSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('approve'), note: note.optional() }),
    z.object({ type: z.literal('reject'), reason: note }),
    z.object({
      type: z.literal('execute'),
      result: z.enum(CHANGE_RESULTS),
      output: z.string().max(200_000),
    }),
    z.object({ type: z.literal('verify'), note: note.optional() }),
  ])
  .meta({ id: 'ChangeTaskStep' });

export const fallbackDecisionSchema = z
  .object({ decision: z.enum(FALLBACK_DECISIONS), reason: note })
  .meta({ id: 'FallbackDecisionInput' });
