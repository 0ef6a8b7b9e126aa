/**
 * What the policy package needs to judge an incident, loaded from the database: the policy
 * version's tables (immutable once written, so cached forever), the system, its campaigns and
 * the compiled service-window calendar. What may change (the system's grade, its campaigns, the
 * version in force, the calendars' revisions) is kept per system with a stamp, and the report's
 * writing statement checks the stamp against the rows it sees (`REFERENCE_STAMP`): an admin's
 * edit counts from the next report in every process, and no cache has to be told.
 */
import { eq } from 'drizzle-orm';
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
import { policyVersions } from '../../db/schema.js';
import { runPrepared } from '../../db/prepared.js';

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

/**
 * The stamp of everything a report derives from: the reference revision, which statement
 * triggers bump on any change to systems, campaigns, calendars (and their exceptions) or policy
 * versions (migration 0009). It is read with the facts, in the same snapshot, and checked again
 * inside the report's writing statement, so a mismatch is a change. One counter for all systems:
 * an edit anywhere makes every process read its facts again, which edits are rare enough for;
 * comparing it costs the write almost nothing, where an md5 of the rows cost a third of it.
 */
export const REFERENCE_STAMP = `coalesce((select r.revision from reference_revision r), 0)::text`;

/** One system's reference facts as read, and their stamp. */
export interface SystemReference {
  systemId: string;
  stamp: string;
  grade: Grade;
  calendarId: string;
  /** Every campaign naming the system; which one is active depends on the report's time. */
  campaigns: Campaign[];
  tables: PolicyTables;
  /** Revisions of the system's calendar and its campaigns' (CalendarCache keys). */
  revisions: Record<string, number>;
}

const readReference = {
  name: 'report-reference-v2',
  text: `select s.grade, s.calendar_id, ${REFERENCE_STAMP} as stamp,
      (select coalesce(json_agg(json_build_object(
          'id', c.id, 'name', c.name, 'systemIds', c.system_ids,
          'start', round(extract(epoch from c.starts_at) * 1000),
          'end', round(extract(epoch from c.ends_at) * 1000),
          'gradeOverride', c.grade_override, 'calendarId', c.calendar_id) order by c.id), '[]'::json)
        from campaigns c where s.id = any(c.system_ids)) as campaigns,
      (select max(pv.id) from policy_versions pv) as policy_version_id,
      (select json_object_agg(k.id, k.revision) from calendars k
        where k.id = s.calendar_id
          or k.id in (select c.calendar_id from campaigns c where s.id = any(c.system_ids)))
        as revisions
    from systems s where s.id = $1`,
};

interface ReferenceRow {
  grade: Grade;
  calendar_id: string;
  stamp: string;
  campaigns: {
    id: string;
    name: string;
    systemIds: string[];
    start: number;
    end: number;
    gradeOverride: Grade | null;
    calendarId: string | null;
  }[];
  policy_version_id: number | string | null;
  revisions: Record<string, number>;
}

/** The system's reference facts, read now in one statement; undefined when it does not exist. */
export async function readSystemReference(
  db: DbOrTx,
  systemId: string,
): Promise<SystemReference | undefined> {
  const [row] = await runPrepared<ReferenceRow>(db, readReference, [systemId]);
  if (!row) return undefined;
  if (row.policy_version_id === null) {
    throw new Error('no policy version: the reference data was never loaded');
  }
  return {
    systemId,
    stamp: row.stamp,
    grade: row.grade,
    calendarId: row.calendar_id,
    campaigns: row.campaigns.map((c) => ({
      id: c.id,
      name: c.name,
      systemIds: c.systemIds,
      start: Number(c.start),
      end: Number(c.end),
      ...(c.gradeOverride ? { gradeOverride: c.gradeOverride } : {}),
      ...(c.calendarId ? { calendarId: c.calendarId } : {}),
    })),
    tables: await policyVersion(db, Number(row.policy_version_id)),
    revisions: row.revisions,
  };
}

export interface ReportInputs extends GradeAt {
  tables: PolicyTables;
  /** The revision of the service window's calendar (CalendarCache key). */
  calendarRevision: number;
}

/** The system's grade and service window at `at` (DOMAIN.md §4, §5), from its reference facts. */
export function reportInputsAt(reference: SystemReference, at: Date): ReportInputs {
  const effective = effectiveGrade(
    { id: reference.systemId, grade: reference.grade },
    reference.campaigns,
    at.getTime(),
  );
  const calendarId = effective.campaign?.calendarId ?? reference.calendarId;
  return {
    grade: effective.grade,
    campaignId: effective.campaign?.id ?? null,
    calendarId,
    tables: reference.tables,
    calendarRevision: reference.revisions[calendarId]!,
  };
}

/**
 * Reference facts by system, shared by the reports of one process. Entries are never trusted
 * on their own: the writing statement checks their stamp, and a miss drops the entry.
 */
export class ReferenceCache {
  private readonly systems = new Map<string, SystemReference>();

  get(systemId: string): SystemReference | undefined {
    return this.systems.get(systemId);
  }

  set(reference: SystemReference): void {
    this.systems.set(reference.systemId, reference);
  }

  forget(systemId: string): void {
    this.systems.delete(systemId);
  }
}
