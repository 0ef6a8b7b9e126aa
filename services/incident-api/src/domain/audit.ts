/**
 * The audit trail: every write appends who, with which credential, what, when, before → after and
 * the request id, in the same transaction as the change it describes.
 *
 * The trail is a hash chain. Entry n stores `seq` = n (1, 2, 3… without gaps), `prev_hash` = the
 * hash of entry n − 1 (64 zeros for the first) and
 *
 *     hash = hex(sha256(utf8(prev_hash + "\n" + canonical(entry))))
 *
 * where canonical(entry) is the RFC 8785 (JCS) serialisation of
 *
 *     { seq, at, actor_id, credential, action, entity, entity_id, before, after, request_id }
 *
 * keys sorted by UTF-16 code units, no whitespace, numbers and strings as ECMAScript serialises
 * them, `at` as an ISO 8601 UTC string with milliseconds (`2026-11-26T08:30:00.123Z`, the column
 * holds nothing finer), absent values as `null`. `before` and `after` are hashed as they read
 * back from jsonb: PostgreSQL reorders their keys and rewrites their numbers, so what is hashed is
 * the parsed value, which the canonical form makes independent of both. Anyone holding the rows
 * can recompute the chain without this code.
 *
 * The database refuses UPDATE, DELETE and TRUNCATE on `audit_log` (migration
 * 0002_audit_append_only); a superuser who disables that trigger to edit or remove a row breaks
 * the chain at that row, which {@link verifyAuditChain} names.
 */
import { createHash } from 'node:crypto';
import { asc, gt, is, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
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

/** A value as JSON holds it: what jsonb gives back. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** The `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The transaction-level advisory lock that serialises appends ('OVMSAUDT' read as a bigint).
 * Every append takes it, so two transactions never read the same chain head.
 */
const CHAIN_LOCK_KEY = '5716841796967154772';

/** What an entry's hash covers, as the row reads back from the database. */
export interface AuditHashInput {
  seq: number;
  at: Date;
  actorId: string | null;
  credential: string | null;
  action: string;
  entity: string;
  entityId: string;
  before: JsonValue;
  after: JsonValue;
  requestId: string | null;
}

/**
 * RFC 8785 (JCS) serialisation of a JSON value: object keys sorted by UTF-16 code units, no
 * whitespace, ECMAScript number and string serialisation.
 *
 * @example
 * canonicalJson({ b: [1, 2.50], a: 'é' }) // '{"a":"é","b":[1,2.5]}'
 */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key]!)}`);
    return `{${members.join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new TypeError(`${value} has no JSON form`);
  }
  return JSON.stringify(value);
}

/**
 * What a value becomes once stored as jsonb: dates as ISO strings, `undefined` members dropped,
 * `undefined` itself as null. Recording the value in this form makes the hash computed before
 * the insert equal to the one recomputed from the row later.
 *
 * @example
 * asStoredJson({ at: new Date(0), gone: undefined }) // { at: '1970-01-01T00:00:00.000Z' }
 */
export function asStoredJson(value: unknown): JsonValue {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as JsonValue);
}

/**
 * The hash of an entry that follows `prevHash`.
 *
 * @example
 * auditHash(GENESIS_HASH, { seq: 1, at, actorId: 'demo-admin', credential: 'x-actor-header',
 *   action: 'system.create', entity: 'system', entityId: 'ovms', before: null,
 *   after: { id: 'ovms' }, requestId: 'req-1' }) // 64 hex digits
 */
export function auditHash(prevHash: string, entry: AuditHashInput): string {
  const canonical = canonicalJson({
    seq: entry.seq,
    at: entry.at.toISOString(),
    actor_id: entry.actorId,
    credential: entry.credential,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId,
    before: entry.before,
    after: entry.after,
    request_id: entry.requestId,
  });
  return createHash('sha256').update(`${prevHash}\n${canonical}`, 'utf8').digest('hex');
}

interface ChainHead {
  seq: string | null;
  hash: string | null;
  at: string;
}

/**
 * Appends one entry to the audit trail, inside the caller's transaction (given the database
 * itself, it opens one).
 *
 * Call it LAST in the transaction, after every other write and row lock: it takes the chain's
 * advisory lock, which every other writing transaction then waits for until this one commits.
 * Taken last, it is held for one round trip plus the commit; taken early, it would serialise
 * whole transactions, and a later wait for a row lock held by a transaction that is itself
 * waiting for the chain could deadlock.
 */
export async function recordAudit(tx: DbOrTx, context: AuditContext, entry: AuditEntry) {
  if (!is(tx, PgTransaction)) {
    await tx.transaction((inner) => appendEntry(inner, context, entry));
    return;
  }
  await appendEntry(tx, context, entry);
}

async function appendEntry(tx: DbOrTx, context: AuditContext, entry: AuditEntry) {
  await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK_KEY}::bigint)`);
  // A statement of its own, after the lock: under READ COMMITTED its snapshot includes the
  // append of whoever held the lock before. (Under REPEATABLE READ it would not; the unique seq
  // index then refuses the duplicate rather than fork the chain.) The clock is read under the
  // lock too, so `at` does not go backwards along the chain (unless the server's clock is set
  // back): time filters and seq order agree.
  const result = await tx.execute(sql`
    select
      (select ${auditLog.seq}::text from ${auditLog} order by ${auditLog.seq} desc limit 1) as seq,
      (select ${auditLog.hash} from ${auditLog} order by ${auditLog.seq} desc limit 1) as hash,
      to_char(date_trunc('milliseconds', clock_timestamp()) at time zone 'UTC',
        'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at`);
  const head = (result as unknown as { rows: ChainHead[] }).rows[0]!;
  const row = {
    seq: head.seq === null ? 1 : Number(head.seq) + 1,
    at: new Date(head.at),
    actorId: context.actorId,
    credential: context.credential,
    action: entry.action,
    entity: entry.entity,
    entityId: String(entry.entityId),
    before: asStoredJson(entry.before),
    after: asStoredJson(entry.after),
    requestId: context.requestId,
  };
  const prevHash = head.hash ?? GENESIS_HASH;
  await tx.insert(auditLog).values({ ...row, prevHash, hash: auditHash(prevHash, row) });
}

export type ChainBreakReason = 'seq_gap' | 'prev_hash_mismatch' | 'hash_mismatch';

export interface ChainBreak {
  id: number;
  seq: number;
  reason: ChainBreakReason;
  detail: string;
}

export interface ChainVerification {
  ok: boolean;
  /** Entries examined, the broken one included. */
  checked: number;
  /** The last entry of an unbroken chain: keep it elsewhere to detect a later cut of the tail. */
  head?: { seq: number; hash: string };
  firstBroken?: ChainBreak;
}

const missing = (n: number) => (n === 1 ? '1 entry is missing' : `${n} entries are missing`);

/**
 * Walks the whole chain in `seq` order, a batch at a time, and stops at the first broken link:
 * a `seq` that does not follow the previous one (entries removed), a `prev_hash` that is not the
 * previous entry's hash, or a hash that does not match the entry's content (entry altered).
 *
 * Entries removed from the end leave no broken link; compare `head` with a copy kept elsewhere.
 */
export async function verifyAuditChain(
  db: DbOrTx,
  options: { batchSize?: number } = {},
): Promise<ChainVerification> {
  const batchSize = options.batchSize ?? 1000;
  let checked = 0;
  let previous: { seq: number; hash: string } | undefined;
  for (;;) {
    const rows = await db
      .select({
        id: auditLog.id,
        seq: auditLog.seq,
        at: sql<string>`to_char(${auditLog.at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
        actorId: auditLog.actorId,
        credential: auditLog.credential,
        action: auditLog.action,
        entity: auditLog.entity,
        entityId: auditLog.entityId,
        // As text: drizzle's jsonb mapping would parse a stored JSON string a second time.
        before: sql<string | null>`${auditLog.before}::text`,
        after: sql<string | null>`${auditLog.after}::text`,
        requestId: auditLog.requestId,
        prevHash: auditLog.prevHash,
        hash: auditLog.hash,
      })
      .from(auditLog)
      .where(previous ? gt(auditLog.seq, previous.seq) : undefined)
      .orderBy(asc(auditLog.seq))
      .limit(batchSize);
    for (const row of rows) {
      checked += 1;
      const broken = (reason: ChainBreakReason, detail: string): ChainVerification => ({
        ok: false,
        checked,
        firstBroken: { id: row.id, seq: row.seq, reason, detail },
      });
      const expectedSeq = (previous?.seq ?? 0) + 1;
      if (row.seq !== expectedSeq) {
        const after = previous ? `seq ${previous.seq}` : 'the start';
        return broken(
          'seq_gap',
          row.seq > expectedSeq
            ? `Entry seq ${row.seq} follows ${after}: ${missing(row.seq - expectedSeq)}.`
            : `Entry seq ${row.seq} follows ${after}: the chain is out of order.`,
        );
      }
      const expectedPrev = previous?.hash ?? GENESIS_HASH;
      if (row.prevHash !== expectedPrev) {
        return broken(
          'prev_hash_mismatch',
          `Entry seq ${row.seq} does not link to ${previous ? `entry seq ${previous.seq}` : 'the start'}.`,
        );
      }
      const hash = auditHash(row.prevHash, {
        ...row,
        at: new Date(row.at),
        before: row.before === null ? null : (JSON.parse(row.before) as JsonValue),
        after: row.after === null ? null : (JSON.parse(row.after) as JsonValue),
      });
      if (hash !== row.hash) {
        return broken(
          'hash_mismatch',
          `Entry seq ${row.seq} was altered: its content no longer matches its hash.`,
        );
      }
      previous = { seq: row.seq, hash: row.hash };
    }
    if (rows.length < batchSize) break;
  }
  return { ok: true, checked, ...(previous ? { head: previous } : {}) };
}
