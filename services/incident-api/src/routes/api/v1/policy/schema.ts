/**
 * The plan's tables as versions (DOMAIN.md §5): impact of each symptom, impact × scope →
 * priority, grade × priority → resolution target, notice thresholds. Versions are immutable;
 * the newest is in force and an incident keeps the one it was created under. zod gives the
 * shape; the policy package's validators have the last word (ordering, positivity, repeats).
 */
import { z } from 'zod';
import { GRADES, IMPACTS, NOTICE_AUDIENCES, PRIORITIES, SCOPES, SYMPTOMS } from '@ovms/policy';

/** A strict object with exactly `keys`, each holding `value`. */
function table<K extends string, V extends z.ZodType>(keys: readonly K[], value: V) {
  return z.strictObject(Object.fromEntries(keys.map((k) => [k, value])) as Record<K, V>);
}

const impact = z.enum(IMPACTS);
const priority = z.enum(PRIORITIES);

export const symptomImpactSchema = table(SYMPTOMS, impact)
  .describe('影响程度判断规则: the impact each symptom implies.')
  .meta({ id: 'SymptomImpactMap' });

export const priorityMatrixSchema = table(IMPACTS, table(SCOPES, priority))
  .describe('事件优先级判断规则: impact (row) × scope (column) → priority.')
  .meta({ id: 'PriorityMatrix' });

export const resolutionTargetSchema = z
  .union([
    z.strictObject({ minutes: z.number().int().positive() }),
    z.strictObject({ workingDays: z.number().positive() }),
  ])
  .describe('Working time to resolve: minutes, or working days of the calendar’s nominal length.')
  .meta({ id: 'ResolutionTarget' });

export const resolutionTargetsSchema = table(GRADES, table(PRIORITIES, resolutionTargetSchema))
  .describe('事件解决时限定义: grade × priority → target, in working time.')
  .meta({ id: 'ResolutionTargetTable' });

export const noticeThresholdsSchema = z
  .array(
    z.strictObject({
      percent: z.number().positive().describe('Share of the target; from 100 a breach.'),
      audience: z.array(z.enum(NOTICE_AUDIENCES)).min(1),
    }),
  )
  .max(20)
  .describe('Warnings and breach, by strictly ascending percentage.')
  .meta({ id: 'NoticeThresholds' });

const tables = {
  symptomImpact: symptomImpactSchema,
  priorityMatrix: priorityMatrixSchema,
  resolutionTargets: resolutionTargetsSchema,
  noticeThresholds: noticeThresholdsSchema,
};

export const policyVersionSchema = z
  .object({
    id: z.number().int(),
    ...tables,
    note: z.string(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'PolicyVersion' });

export const createPolicyVersionSchema = z
  .object({
    ...tables,
    note: z.string().trim().min(1).max(2000).describe('Why the tables change.'),
  })
  .meta({ id: 'NewPolicyVersion' });

export const policyVersionParams = z.object({
  versionId: z.coerce.number().int().positive().describe('The version number.'),
});

export type PolicyVersionDto = z.infer<typeof policyVersionSchema>;
export type PolicyVersionInput = z.infer<typeof createPolicyVersionSchema>;
