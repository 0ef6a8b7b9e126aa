/**
 * Deleting a reference record (a system, a calendar) that nothing uses any more, the same way for
 * each: in one transaction read it (404), ask what uses it (409 naming the users), delete it and
 * audit it. A user that commits between the check and the delete is caught by the foreign key,
 * and refused the same way.
 */
import type { Db, DbOrTx } from '../../db/client.js';
import { FOREIGN_KEY_VIOLATION, sqlStateOf } from '../../db/errors.js';
import { inUse, notFound, type Problem } from '../../lib/problem.js';
import { recordAudit, type AuditContext } from '../audit.js';

type Uses = Record<string, readonly string[] | number>;

export interface UnusedDelete {
  /** `System`, `Calendar`: names the problems and, lower-cased, the audit entity. */
  what: string;
  id: string;
  find(db: DbOrTx): Promise<unknown>;
  usesOf(db: DbOrTx): Promise<Uses>;
  remove(db: DbOrTx): Promise<unknown>;
}

const used = (uses: Uses) =>
  Object.values(uses).some((v) => (typeof v === 'number' ? v > 0 : v.length > 0));

export async function deleteUnlessUsed(
  db: Db,
  audit: AuditContext,
  record: UnusedDelete,
): Promise<void> {
  const entity = record.what.toLowerCase();
  const refusal = (uses: Uses): Problem => inUse(`${entity}-in-use`, record.what, record.id, uses);
  try {
    await db.transaction(async (tx) => {
      const before = await record.find(tx);
      if (!before) throw notFound(record.what, record.id);
      const uses = await record.usesOf(tx);
      if (used(uses)) throw refusal(uses);
      await record.remove(tx);
      await recordAudit(tx, audit, {
        action: `${entity}.delete`,
        entity,
        entityId: record.id,
        before,
      });
    });
  } catch (error) {
    if (sqlStateOf(error) === FOREIGN_KEY_VIOLATION) throw refusal(await record.usesOf(db));
    throw error;
  }
}
