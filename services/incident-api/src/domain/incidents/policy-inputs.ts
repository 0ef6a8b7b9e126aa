/**
 * What the policy package needs to judge an incident, loaded from the database: the policy
 * version's tables (immutable once written, so cached forever), the system, its campaigns and
 * the compiled service-window calendar. A report reads what may change (the system's grade, the
 * campaigns, the version in force, the calendar's revision) fresh in one statement: an admin's
 * edit counts from the next report in every process, and no cache has to be told.
 */
import { eq, sql } from 'drizzle-orm';
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
import { calendars, campaigns, policyVersions, systems } from '../../db/schema.js';

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

export const workflowContextOf = (tables: PolicyTables): WorkflowContext => ({
  derivePriority: (impact, scope) => priorityOf(impact, scope, tables.priorityMatrix),
});

export interface GradeAt {
  grade: Grade;
  campaignId: string | null;
  /** The service window in force: the campaign's if it brings one, else the system's. */
  calendarId: string;
}

interface ReportInputsRow {
  grade: Grade;
  calendar_id: string;
  campaigns: {
    id: string;
    name: string;
    systemIds: string[];
    start: number;
    end: number;
    gradeOverride: Grade | null;
    calendarId: string | null;
  }[];
  policy_version_id: number | null;
  revisions: Record<string, number>;
}

export interface ReportInputs extends GradeAt {
  tables: PolicyTables;
  /** The revision of the service window's calendar now (CalendarCache key). */
  calendarRevision: number;
}

/**
 * Everything a report derives its priority, grade and clock from, in one round trip: the
 * system's grade and service window at `at` (DOMAIN.md §4, §5), the policy version in force and
 * the calendar's revision. Undefined when the system does not exist.
 */
export async function reportInputsAt(
  db: DbOrTx,
  systemId: string,
  at: Date,
): Promise<ReportInputs | undefined> {
  const active = sql`c.starts_at <= ${at} and c.ends_at > ${at} and ${systemId} = any(c.system_ids)`;
  const result = await db.execute(sql`
    select s.grade, s.calendar_id,
      (select coalesce(json_agg(json_build_object(
          'id', c.id, 'name', c.name, 'systemIds', c.system_ids,
          'start', round(extract(epoch from c.starts_at) * 1000),
          'end', round(extract(epoch from c.ends_at) * 1000),
          'gradeOverride', c.grade_override, 'calendarId', c.calendar_id)), '[]'::json)
        from ${campaigns} c where ${active}) as campaigns,
      (select max(id) from ${policyVersions}) as policy_version_id,
      (select json_object_agg(k.id, k.revision) from ${calendars} k
        where k.id = s.calendar_id
          or k.id in (select c.calendar_id from ${campaigns} c where ${active})) as revisions
    from ${systems} s where s.id = ${systemId}`);
  const row = (result as unknown as { rows: ReportInputsRow[] }).rows[0];
  if (!row) return undefined;
  if (row.policy_version_id === null) {
    throw new Error('no policy version: the reference data was never loaded');
  }
  const candidates: Campaign[] = row.campaigns.map((c) => ({
    id: c.id,
    name: c.name,
    systemIds: c.systemIds,
    start: Number(c.start),
    end: Number(c.end),
    ...(c.gradeOverride ? { gradeOverride: c.gradeOverride } : {}),
    ...(c.calendarId ? { calendarId: c.calendarId } : {}),
  }));
  const effective = effectiveGrade({ id: systemId, grade: row.grade }, candidates, at.getTime());
  const calendarId = effective.campaign?.calendarId ?? row.calendar_id;
  return {
    grade: effective.grade,
    campaignId: effective.campaign?.id ?? null,
    calendarId,
    tables: await policyVersion(db, Number(row.policy_version_id)),
    calendarRevision: row.revisions[calendarId]!,
  };
}
