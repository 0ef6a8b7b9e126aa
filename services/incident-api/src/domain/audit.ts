/**
 * The audit trail: every write appends who, with which credential, what, when, before → after and
 * the request id, in the same transaction as the change it describes (`audit_log`).
 *
 * The trail is a hash chain, kept in `audit_seals`. The sealer ({@link sealAuditTrail}) takes the
 * entries committed since its last pass, in id order, and seals each: seal n stores `seq` = n
 * (1, 2, 3… without gaps), the entry's `audit_id`, `prev_hash` = the hash of seal n − 1 (64 zeros
 * for the first) and
 *
 *     hash = hex(sha256(utf8(prev_hash + "\n" + canonical(entry))))
 *
 * where canonical(entry) is the RFC 8785 (JCS) serialisation of
 *
 *     { seq, at, actor_id, credential, action, entity, entity_id, before, after, request_id }
 *
 * (`seq` from the seal, the rest from the entry) keys sorted by UTF-16 code units, no
 * whitespace, numbers and strings as ECMAScript serialises them, `at` as an ISO 8601 UTC string
 * with milliseconds (`2026-11-26T08:30:00.123Z`, the column holds nothing finer), absent values as
 * `null`. `before` and `after` are hashed as they read back from jsonb: PostgreSQL reorders their
 * keys and rewrites their numbers, so what is hashed is the parsed value, which the canonical form
 * makes independent of both. Anyone holding the rows can recompute the chain without this code.
 *
 * Why two steps: a chain link needs the previous link's hash, so appending it inside the write's
 * transaction meant one lock held by every writing transaction until its commit — every write
 * of the system queued behind it. Now a write only inserts its entry; a trigger queues the entry
 * in `audit_unsealed` in the same transaction, so the sealer sees it exactly when it commits,
 * also when it commits after an entry with a higher id was sealed. One sealer at a time (an
 * advisory lock, so several API processes may each run one): it runs in the background a few
 * times a second ({@link startAuditSealer}), and reading the trail or verifying it seals first.
 * The chain's order (seq) is therefore the sealing order; `at` is the insert's clock, so along
 * the chain `at` may step back by the time a transaction took to commit.
 *
 * The database refuses UPDATE, DELETE and TRUNCATE on `audit_log` and `audit_seals` (migrations
 * 0002 and 0007); a superuser who disables those triggers to edit or remove a row breaks the
 * chain at that row, which {@link verifyAuditChain} names. An entry removed before it was sealed
 * leaves no trace: the window is the sealer's interval (under a second).
 */
import { createHash } from 'node:crypto';
import { setImmediate as yieldToRequests } from 'node:timers/promises';
import { asc, desc, gt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.js';
import { arrayParam, runPrepared } from '../db/prepared.js';
import { auditLog, auditSeals, auditUnsealed } from '../db/schema.js';
import { asStoredJson, canonicalJson, type JsonValue } from '../lib/canonical-json.js';

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

/** The `prev_hash` of the first seal. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The transaction-level advisory lock of the sealer ('OVMSAUDT' read as a bigint): one sealer at
 * a time extends the chain, whichever process it runs in. Writers never take it.
 */
const SEAL_LOCK_KEY = '5716841796967154772';

/** What an entry's hash covers, as the rows read back from the database. */
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
 * The hash of an entry sealed at `entry.seq`, after the seal whose hash is `prevHash`.
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

/**
 * Appends one entry to the audit trail, inside the caller's transaction (given the database
 * itself, the insert is a transaction of its own). Unchained: no lock, no read of the chain; the
 * sealer chains the entry once the transaction commits. `at` is the database clock at the
 * insert, to the millisecond.
 */
export async function recordAudit(tx: DbOrTx, context: AuditContext, entry: AuditEntry) {
  await tx.insert(auditLog).values({
    at: sql`date_trunc('milliseconds', clock_timestamp())`,
    actorId: context.actorId,
    credential: context.credential,
    action: entry.action,
    entity: entry.entity,
    entityId: String(entry.entityId),
    before: asStoredJson(entry.before),
    after: asStoredJson(entry.after),
    requestId: context.requestId,
  });
}

/** An entry's hashed columns as text, exactly as the hash reads them. */
const hashedColumns = {
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
};

/** What {@link hashedColumns} reads for an entry that exists. */
interface HashedColumns {
  at: string;
  actorId: string | null;
  credential: string | null;
  action: string;
  entity: string;
  entityId: string;
  before: string | null;
  after: string | null;
  requestId: string | null;
}

const hashOf = (prevHash: string, seq: number, row: HashedColumns) =>
  auditHash(prevHash, {
    ...row,
    seq,
    at: new Date(row.at),
    before: row.before === null ? null : (JSON.parse(row.before) as JsonValue),
    after: row.after === null ? null : (JSON.parse(row.after) as JsonValue),
  });

export interface SealOptions {
  /** Entries sealed per transaction (1000). */
  batchSize?: number;
  /**
   * Wait for a sealer running elsewhere and then seal what is left (reading the trail), rather
   * than leave the work to it (the background loop).
   */
  wait?: boolean;
}

/** Entries hashed between two yields to the event loop (see sealAuditTrail). */
const SEAL_SLICE = 64;

const insertSeals = {
  name: 'audit-seals-insert-v1',
  text: `insert into audit_seals (seq, audit_id, prev_hash, hash)
    select s.seq, s."auditId", s."prevHash", s.hash
    from jsonb_to_recordset($1::jsonb) as s(seq bigint, "auditId" bigint, "prevHash" text, hash text)
    order by s.seq`,
};
const dequeueSealed = {
  name: 'audit-unsealed-delete-v1',
  text: 'delete from audit_unsealed where audit_id = any($1::bigint[])',
};

/**
 * Chains the committed entries not sealed yet, oldest id first, a batch per transaction; returns
 * how many it sealed. Safe to call from several processes at once: one seals, the others return
 * at once (or, with `wait`, seal what is left after it).
 */
export async function sealAuditTrail(db: DbOrTx, options: SealOptions = {}): Promise<number> {
  const batchSize = options.batchSize ?? 1000;
  let sealed = 0;
  for (;;) {
    // Idle passes cost one indexed read, no transaction. An empty queue means every committed
    // entry is sealed: a sealer's removals from it commit with its seals.
    const [queued] = await db.select({ id: auditUnsealed.auditId }).from(auditUnsealed).limit(1);
    if (!queued) return sealed;
    const batch = await db.transaction(async (tx) => {
      if (options.wait) {
        await tx.execute(sql`select pg_advisory_xact_lock(${SEAL_LOCK_KEY}::bigint)`);
      } else {
        const result = await tx.execute(
          sql`select pg_try_advisory_xact_lock(${SEAL_LOCK_KEY}::bigint) as locked`,
        );
        if (!(result as unknown as { rows: { locked: boolean }[] }).rows[0]!.locked) return 0;
      }
      // Statements of their own, after the lock: under READ COMMITTED their snapshot includes
      // the seals of whoever held the lock before.
      const [head] = await tx
        .select({ seq: auditSeals.seq, hash: auditSeals.hash })
        .from(auditSeals)
        .orderBy(desc(auditSeals.seq))
        .limit(1);
      const queued = await tx
        .select({ queued: auditUnsealed.auditId, id: auditLog.id, ...hashedColumns })
        .from(auditUnsealed)
        .leftJoin(auditLog, sql`${auditLog.id} = ${auditUnsealed.auditId}`)
        .orderBy(asc(auditUnsealed.auditId))
        .limit(batchSize);
      if (queued.length === 0) return 0;
      let seq = head?.seq ?? 0;
      let prevHash = head?.hash ?? GENESIS_HASH;
      const seals: (typeof auditSeals.$inferInsert)[] = [];
      for (const [n, row] of queued.entries()) {
        // A pass under load hashes a few hundred entries at ~30 µs each: without a break that
        // is ~10 ms in which this process answers no request. Slices bound it to ~2 ms.
        if (n > 0 && n % SEAL_SLICE === 0) await yieldToRequests();
        // Queued, then removed by someone past the append-only trigger: nothing left to seal.
        if (row.id === null) continue;
        seq += 1;
        const hash = hashOf(prevHash, seq, row as unknown as HashedColumns);
        seals.push({ seq, auditId: row.id, prevHash, hash });
        prevHash = hash;
      }
      // Fixed statements with the batch as one parameter: building a 1,000-row insert per pass
      // cost the sealer more than hashing the entries (bench/profile.ts, under creates).
      if (seals.length > 0) await runPrepared(tx, insertSeals, [JSON.stringify(seals)]);
      await runPrepared(tx, dequeueSealed, [arrayParam(queued.map((r) => r.queued))]);
      return queued.length;
    });
    sealed += batch;
    if (batch < batchSize) return sealed;
  }
}

export interface AuditSealer {
  /** Seals now (what the next pass would do); resolves with the number of entries sealed. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The background sealer of one process: a pass every `intervalMs` (250). Every API process may
 * run one; the advisory lock lets one of them seal at a time.
 */
export function startAuditSealer(options: {
  db: Db;
  log: { error(details: object, message: string): void };
  intervalMs?: number;
}): AuditSealer {
  const { db, log } = options;
  const intervalMs = options.intervalMs ?? 250;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> = Promise.resolve(0);
  const pass = () => {
    running = running.then(
      () => sealAuditTrail(db),
      () => sealAuditTrail(db),
    );
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      pass()
        .catch((error: unknown) => log.error({ err: error }, 'audit sealer pass failed'))
        .finally(schedule);
    }, intervalMs);
  };
  schedule();
  return {
    tick: pass,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running.catch(() => undefined);
    },
  };
}

export type ChainBreakReason = 'seq_gap' | 'entry_missing' | 'prev_hash_mismatch' | 'hash_mismatch';

export interface ChainBreak {
  /** The audit entry at which the chain breaks. */
  id: number;
  seq: number;
  reason: ChainBreakReason;
  detail: string;
}

export interface ChainVerification {
  ok: boolean;
  /** Seals examined, the broken one included. */
  checked: number;
  /** The last seal of an unbroken chain: keep it elsewhere to detect a later cut of the tail. */
  head?: { seq: number; hash: string };
  firstBroken?: ChainBreak;
  /**
   * Entries in `audit_log` outside the chain when the walk ended: committed after the seal that
   * preceded it, or kept out of the sealer's queue by someone past the triggers.
   */
  unsealed: number;
}

const missing = (n: number) => (n === 1 ? '1 entry is missing' : `${n} entries are missing`);

/**
 * Seals what is committed, then walks the whole chain in `seq` order, a batch at a time, and
 * stops at the first broken link: a `seq` that does not follow the previous one (seals removed),
 * a seal whose entry is gone, a `prev_hash` that is not the previous seal's hash, or a hash that
 * does not match the entry's content (entry or seal altered).
 *
 * Entries removed from the end leave no broken link; compare `head` with a copy kept elsewhere.
 */
export async function verifyAuditChain(
  db: DbOrTx,
  options: { batchSize?: number } = {},
): Promise<ChainVerification> {
  const batchSize = options.batchSize ?? 1000;
  await sealAuditTrail(db, { wait: true });
  let checked = 0;
  let previous: { seq: number; hash: string } | undefined;
  for (;;) {
    const rows = await db
      .select({
        seq: auditSeals.seq,
        auditId: auditSeals.auditId,
        prevHash: auditSeals.prevHash,
        hash: auditSeals.hash,
        id: auditLog.id,
        ...hashedColumns,
      })
      .from(auditSeals)
      .leftJoin(auditLog, sql`${auditLog.id} = ${auditSeals.auditId}`)
      .where(previous ? gt(auditSeals.seq, previous.seq) : undefined)
      .orderBy(asc(auditSeals.seq))
      .limit(batchSize);
    for (const row of rows) {
      checked += 1;
      const broken = async (
        reason: ChainBreakReason,
        detail: string,
      ): Promise<ChainVerification> => ({
        ok: false,
        checked,
        firstBroken: { id: row.auditId, seq: row.seq, reason, detail },
        unsealed: await unsealedCount(db),
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
      if (row.id === null) {
        return broken(
          'entry_missing',
          `Entry seq ${row.seq} was removed: its seal remains, the entry is gone.`,
        );
      }
      const expectedPrev = previous?.hash ?? GENESIS_HASH;
      if (row.prevHash !== expectedPrev) {
        return broken(
          'prev_hash_mismatch',
          `Entry seq ${row.seq} does not link to ${previous ? `entry seq ${previous.seq}` : 'the start'}.`,
        );
      }
      if (hashOf(row.prevHash, row.seq, row as unknown as HashedColumns) !== row.hash) {
        return broken(
          'hash_mismatch',
          `Entry seq ${row.seq} was altered: its content no longer matches its hash.`,
        );
      }
      previous = { seq: row.seq, hash: row.hash };
    }
    if (rows.length < batchSize) break;
  }
  return {
    ok: true,
    checked,
    ...(previous ? { head: previous } : {}),
    unsealed: await unsealedCount(db),
  };
}

async function unsealedCount(db: DbOrTx): Promise<number> {
  const result = await db.execute(sql`
    select count(*)::int as n from ${auditLog}
    where not exists (select 1 from ${auditSeals} where ${auditSeals.auditId} = ${auditLog.id})`);
  return (result as unknown as { rows: { n: number }[] }).rows[0]!.n;
}
