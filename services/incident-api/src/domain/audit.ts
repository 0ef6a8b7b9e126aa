/**
 * The audit trail: every write appends who, with which credential, what, before → after and the
 * request id, in the same transaction as the change it describes.
 */
import type { DbOrTx } from '../db/client.js';
import { auditLog } from '../db/schema.js';

export interface AuditContext {
  actorId: string | null;
  credential: string | null;
  requestId: string | null;
}

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(tx: DbOrTx, context: AuditContext, entry: AuditEntry) {
  await tx.insert(auditLog).values({
    actorId: context.actorId,
    credential: context.credential,
    requestId: context.requestId,
    action: entry.action,
    entity: entry.entity,
    entityId: String(entry.entityId),
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}
