/**
 * Idempotency-Key for POSTs that create (RFC draft "The Idempotency-Key HTTP Header Field"):
 * the same key and body replay the first response; the same key with another body is 422; a key
 * whose first request is still running is 409. A request that failed releases its key, and a
 * key left `running` by a crashed process is taken over after a grace period.
 */
import { createHash } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { idempotencyKeys } from '../db/schema.js';
import { asStoredJson, canonicalJson } from '../lib/canonical-json.js';
import { Problem } from '../lib/problem.js';

const ABANDONED_AFTER_MS = 60_000;

export interface StoredResponse {
  status: number;
  body: unknown;
  /** True when this is a replay of an earlier response. */
  replayed: boolean;
}

export async function withIdempotencyKey(
  db: Db,
  request: { key: string; principal: string; body: unknown; now: Date },
  run: (tx: Tx) => Promise<{ status: number; body: unknown }>,
): Promise<StoredResponse> {
  const { key, principal, now } = request;
  // Two equal bodies hash the same whatever their key order.
  const requestHash = createHash('sha256')
    .update(canonicalJson(asStoredJson(request.body)))
    .digest('hex');
  const where = and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key));

  const claimed = await db
    .insert(idempotencyKeys)
    .values({ key, principal, requestHash, state: 'running', createdAt: now })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed.length === 0) {
    const [existing] = await db.select().from(idempotencyKeys).where(where);
    if (existing && existing.requestHash !== requestHash) {
      throw new Problem(
        422,
        'idempotency-key-reused',
        'Idempotency key reused',
        `Idempotency-Key ${key} was used for a different request body.`,
      );
    }
    if (existing?.state === 'done') {
      return { status: existing.responseStatus!, body: existing.responseBody, replayed: true };
    }
    // Still running, unless the process that claimed it died: take over a stale claim.
    const takenOver = await db
      .update(idempotencyKeys)
      .set({ createdAt: now })
      .where(
        and(
          where,
          eq(idempotencyKeys.state, 'running'),
          lt(idempotencyKeys.createdAt, new Date(now.getTime() - ABANDONED_AFTER_MS)),
        ),
      )
      .returning({ key: idempotencyKeys.key });
    if (takenOver.length === 0) {
      throw new Problem(
        409,
        'idempotency-key-in-progress',
        'Request in progress',
        `A request with Idempotency-Key ${key} is still being processed; retry later.`,
      );
    }
  }

  try {
    // The response is stored in the transaction that creates: a crash leaves neither.
    const response = await db.transaction(async (tx) => {
      const result = await run(tx);
      await tx
        .update(idempotencyKeys)
        .set({ state: 'done', responseStatus: result.status, responseBody: result.body })
        .where(where);
      return result;
    });
    return { ...response, replayed: false };
  } catch (error) {
    await db.delete(idempotencyKeys).where(where);
    throw error;
  }
}
