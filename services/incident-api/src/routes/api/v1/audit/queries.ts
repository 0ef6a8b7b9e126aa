import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../../db/client.js';
import { auditLog, auditSeals } from '../../../../db/schema.js';
import { sealAuditTrail } from '../../../../domain/audit.js';
import type { AuditEntryDto, AuditPageDto, AuditQuery } from './schema.js';

const columns = {
  id: auditLog.id,
  seq: auditSeals.seq,
  at: auditLog.at,
  actorId: auditLog.actorId,
  credential: auditLog.credential,
  action: auditLog.action,
  entity: auditLog.entity,
  entityId: auditLog.entityId,
  // As text: drizzle's jsonb mapping would parse a stored JSON string a second time.
  before: sql<string | null>`${auditLog.before}::text`,
  after: sql<string | null>`${auditLog.after}::text`,
  requestId: auditLog.requestId,
  prevHash: auditSeals.prevHash,
  hash: auditSeals.hash,
};

const parsed = (json: string | null): unknown => (json === null ? null : JSON.parse(json));

/**
 * One page of the audit trail, newest first; the cursor is the last seq of the page before. What
 * is committed is sealed first, so the page shows every entry with its place in the chain.
 */
export async function listAuditEntries(db: DbOrTx, query: AuditQuery): Promise<AuditPageDto> {
  await sealAuditTrail(db, { wait: true });
  const where: SQL[] = [];
  if (query.entity) where.push(eq(auditLog.entity, query.entity));
  if (query.entityId) where.push(eq(auditLog.entityId, query.entityId));
  if (query.actorId) where.push(eq(auditLog.actorId, query.actorId));
  if (query.action) where.push(eq(auditLog.action, query.action));
  if (query.from) where.push(gte(auditLog.at, new Date(query.from)));
  if (query.to) where.push(lt(auditLog.at, new Date(query.to)));
  if (query.cursor) where.push(lt(auditSeals.seq, Number(query.cursor)));
  const rows = await db
    .select(columns)
    .from(auditLog)
    .innerJoin(auditSeals, eq(auditSeals.auditId, auditLog.id))
    .where(and(...where))
    .orderBy(desc(auditSeals.seq))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const items: AuditEntryDto[] = page.map((row) => ({
    ...row,
    at: row.at.toISOString(),
    before: parsed(row.before),
    after: parsed(row.after),
  }));
  return {
    items,
    nextCursor: rows.length > query.limit ? String(page[page.length - 1]!.seq) : null,
  };
}
