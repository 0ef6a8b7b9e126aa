/**
 * What the policy package needs to judge an incident, loaded from the database: the policy
 * version's tables (immutable once written, so cached forever), the system, its campaigns and
 * the compiled service-window calendar.
 */
import { and, desc, eq, gt, lte, sql } from 'drizzle-orm';
import {
  effectiveGrade,
  priorityOf,
  validateNoticeThresholds,
  validatePriorityMatrix,
  validateResolutionTargetTable,
  validateSymptomImpactMap,
  type Campaign,
  type Grade,
  type NoticeThreshold,
  type PriorityMatrix,
  type ResolutionTargetTable,
  type SymptomImpactMap,
  type WorkflowContext,
} from '@ovms/policy';
import type { DbOrTx } from '../../db/client.js';
import { campaigns, policyVersions, systems } from '../../db/schema.js';

export interface PolicyTables {
  id: number;
  symptomImpact: SymptomImpactMap;
  priorityMatrix: PriorityMatrix;
  resolutionTargets: ResolutionTargetTable;
  noticeThresholds: readonly NoticeThreshold[];
}

const versions = new Map<number, PolicyTables>();

function toTables(row: typeof policyVersions.$inferSelect): PolicyTables {
  return {
    id: row.id,
    symptomImpact: validateSymptomImpactMap(row.symptomImpact),
    priorityMatrix: validatePriorityMatrix(row.priorityMatrix),
    resolutionTargets: validateResolutionTargetTable(row.resolutionTargets),
    noticeThresholds: validateNoticeThresholds(row.noticeThresholds),
  };
}

/** The tables of one policy version; versions never change once written. */
export async function policyVersion(db: DbOrTx, id: number): Promise<PolicyTables> {
  const cached = versions.get(id);
  if (cached) return cached;
  const [row] = await db.select().from(policyVersions).where(eq(policyVersions.id, id));
  if (!row) throw new Error(`policy version ${id} does not exist`);
  const tables = toTables(row);
  versions.set(id, tables);
  return tables;
}

/** The policy version in force: the newest. */
export async function currentPolicyVersion(db: DbOrTx): Promise<PolicyTables> {
  const [row] = await db
    .select({ id: policyVersions.id })
    .from(policyVersions)
    .orderBy(desc(policyVersions.id))
    .limit(1);
  if (!row) throw new Error('no policy version: the reference data was never loaded');
  return policyVersion(db, row.id);
}

export const workflowContextOf = (tables: PolicyTables): WorkflowContext => ({
  derivePriority: (impact, scope) => priorityOf(impact, scope, tables.priorityMatrix),
});

export interface GradeAt {
  grade: Grade;
  campaignId: string | null;
  /** The service window in force: the campaign's if it brings one, else the system's. */
  calendarId: string;
}

/** The grade and service window of a system at an instant (DOMAIN.md §4, §5). */
export async function gradeAt(
  db: DbOrTx,
  systemId: string,
  at: Date,
): Promise<GradeAt | undefined> {
  const [system] = await db.select().from(systems).where(eq(systems.id, systemId));
  if (!system) return undefined;
  const active = await db
    .select()
    .from(campaigns)
    .where(
      and(
        lte(campaigns.startsAt, at),
        gt(campaigns.endsAt, at),
        sql`${systemId} = any(${campaigns.systemIds})`,
      ),
    );
  const candidates: Campaign[] = active.map((c) => ({
    id: c.id,
    name: c.name,
    systemIds: c.systemIds,
    start: c.startsAt.getTime(),
    end: c.endsAt.getTime(),
    ...(c.gradeOverride ? { gradeOverride: c.gradeOverride } : {}),
    ...(c.calendarId ? { calendarId: c.calendarId } : {}),
  }));
  const effective = effectiveGrade(
    { id: system.id, grade: system.grade },
    candidates,
    at.getTime(),
  );
  return {
    grade: effective.grade,
    campaignId: effective.campaign?.id ?? null,
    calendarId: effective.campaign?.calendarId ?? system.calendarId,
  };
}
