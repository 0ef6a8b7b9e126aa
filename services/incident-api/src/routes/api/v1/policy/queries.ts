import { desc, eq } from 'drizzle-orm';
import {
  PolicyTableError,
  validateNoticeThresholds,
  validatePriorityMatrix,
  validateResolutionTargetTable,
  validateSymptomImpactMap,
} from '@ovms/policy';
import type { DbOrTx } from '../../../../db/client.js';
import { policyVersions } from '../../../../db/schema.js';
import { pathSegments, pointerOf, reasonOf } from '../../../../domain/reference/field-paths.js';
import { validationProblem } from '../../../../lib/problem.js';
import type { PolicyVersionDto, PolicyVersionInput } from './schema.js';

type PolicyVersionRow = typeof policyVersions.$inferSelect;

const toDto = (row: PolicyVersionRow): PolicyVersionDto => ({
  id: row.id,
  symptomImpact: row.symptomImpact as PolicyVersionDto['symptomImpact'],
  priorityMatrix: row.priorityMatrix as PolicyVersionDto['priorityMatrix'],
  resolutionTargets: row.resolutionTargets as PolicyVersionDto['resolutionTargets'],
  noticeThresholds: row.noticeThresholds as PolicyVersionDto['noticeThresholds'],
  note: row.note,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
});

export async function listPolicyVersions(db: DbOrTx): Promise<PolicyVersionDto[]> {
  const rows = await db.select().from(policyVersions).orderBy(desc(policyVersions.id));
  return rows.map(toDto);
}

export async function findPolicyVersion(
  db: DbOrTx,
  id: number,
): Promise<PolicyVersionDto | undefined> {
  const [row] = await db.select().from(policyVersions).where(eq(policyVersions.id, id));
  return row && toDto(row);
}

/** The version in force: the newest. */
export async function findCurrentPolicyVersion(db: DbOrTx): Promise<PolicyVersionDto | undefined> {
  const [row] = await db.select().from(policyVersions).orderBy(desc(policyVersions.id)).limit(1);
  return row && toDto(row);
}

/** The policy package's table names (in its error paths) → the request's fields. */
const FIELD_OF_TABLE: Readonly<Record<string, keyof PolicyVersionInput>> = {
  impacts: 'symptomImpact',
  matrix: 'priorityMatrix',
  targets: 'resolutionTargets',
  thresholds: 'noticeThresholds',
};

/**
 * Validates the tables with the policy package (the same validators that read them back for
 * incidents); a PolicyTableError becomes a 400 naming the cell, e.g. `/body/priorityMatrix/high/some`.
 */
export function validatePolicyTables(input: PolicyVersionInput) {
  try {
    return {
      symptomImpact: validateSymptomImpactMap(input.symptomImpact),
      priorityMatrix: validatePriorityMatrix(input.priorityMatrix),
      resolutionTargets: validateResolutionTargetTable(input.resolutionTargets),
      noticeThresholds: validateNoticeThresholds(input.noticeThresholds),
    };
  } catch (error) {
    if (!(error instanceof PolicyTableError)) throw error;
    const [table = '', ...rest] = pathSegments(error.path);
    const pointer = pointerOf('/body', [FIELD_OF_TABLE[table] ?? table, ...rest]);
    const reason = reasonOf(error);
    throw validationProblem([{ pointer, detail: reason }], `${pointer}: ${reason}`);
  }
}
