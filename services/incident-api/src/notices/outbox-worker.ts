/**
 * The outbox worker: sends what the runner owed (e-mails, webhooks), at least once, with retries
 * and exponential backoff, a delivery log, and dead letters after the last attempt.
 *
 * No row lock is held while a message is on the wire. A short statement claims due rows by
 * leasing them (`attempts + 1`, `next_attempt_at = now + lease`, `for update skip locked` in its
 * subquery, so two workers never claim the same row); the delivery runs outside any transaction;
 * a second short transaction writes the attempt and the outcome, but only if the lease is still
 * its own (same attempt number, still pending). A process killed mid-delivery leaves a lease that
 * expires: another worker sends again with the same delivery id (`outbox-<id>`), on which
 * receivers de-duplicate.
 */
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { deliveryAttempts, outbox } from '../db/schema.js';
import { deliveryIdOf } from '../delivery/index.js';
import type { RunnerLog } from './runner.js';

export type OutboxItem = typeof outbox.$inferSelect;

/**
 * What a channel says of one attempt (src/delivery's DeliveryResult fits); a thrown error is a
 * failed attempt too. `retryable: false` sends a failure to the dead letters at once.
 */
export interface DeliveryOutcome {
  ok: boolean;
  statusCode?: number | undefined;
  error?: string | undefined;
  retryable?: boolean | undefined;
}

export type Deliver = (item: OutboxItem & { deliveryId: string }) => Promise<DeliveryOutcome>;

export interface OutboxWorkerOptions {
  db: Db;
  deliver: Deliver;
  now: () => Date;
  log: RunnerLog;
  pollMs?: number;
  /** Attempts before a row is dead. */
  maxAttempts?: number;
  /** The wait after failed attempt `n` (1, 2…). */
  backoff?: (attempt: number) => number;
  /** How long a claimed row stays out of the other workers' reach (the longest delivery). */
  leaseMs?: number;
  batch?: number;
}

export interface OutboxWorker {
  /** One pass now (serialised with the loop); resolves to the rows it attempted. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

export { deliveryIdOf };

/**
 * 5 s · 2^(n−1), capped at 1 h, with ±25 % jitter so that retries of one failure spread out.
 *
 * @example
 * exponentialBackoff(1); // ≈ 5 000
 * exponentialBackoff(4); // ≈ 40 000
 */
export function exponentialBackoff(
  attempt: number,
  options: { baseMs?: number; capMs?: number; random?: () => number } = {},
): number {
  const base = options.baseMs ?? 5_000;
  const cap = options.capMs ?? 3_600_000;
  const random = options.random ?? Math.random;
  const raw = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.75 + random() * 0.5));
}

/** Leases up to `batch` due rows: one statement, no lock kept. */
async function claim(db: Db, now: Date, leaseMs: number, batch: number): Promise<OutboxItem[]> {
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
    .orderBy(outbox.nextAttemptAt)
    .limit(batch)
    .for('update', { skipLocked: true });
  return db
    .update(outbox)
    .set({
      attempts: sql`${outbox.attempts} + 1`,
      nextAttemptAt: new Date(now.getTime() + leaseMs),
    })
    .where(inArray(outbox.id, due))
    .returning();
}

async function attempt(
  item: OutboxItem,
  options: Required<Pick<OutboxWorkerOptions, 'db' | 'deliver' | 'now' | 'log'>> & {
    maxAttempts: number;
    backoff: (attempt: number) => number;
  },
) {
  const { db, deliver, now, log } = options;
  const started = Date.now();
  let outcome: DeliveryOutcome;
  try {
    outcome = await deliver({ ...item, deliveryId: deliveryIdOf(item.id) });
  } catch (error) {
    outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const durationMs = Date.now() - started;
  const failure = outcome.error ?? `failed${outcome.statusCode ? ` (${outcome.statusCode})` : ''}`;
  const at = now();
  const dead = !outcome.ok && (outcome.retryable === false || item.attempts >= options.maxAttempts);
  await db.transaction(async (tx) => {
    await tx.insert(deliveryAttempts).values({
      outboxId: item.id,
      at,
      ok: outcome.ok,
      statusCode: outcome.statusCode ?? null,
      error: outcome.ok ? null : failure.slice(0, 2000),
      durationMs,
    });
    // Only while the lease is ours: a delivery that outlived it was claimed again meanwhile.
    const ours = and(
      eq(outbox.id, item.id),
      eq(outbox.attempts, item.attempts),
      eq(outbox.status, 'pending'),
    );
    if (outcome.ok) {
      await tx
        .update(outbox)
        .set({ status: 'delivered', deliveredAt: at, lastError: null })
        .where(ours);
    } else {
      await tx
        .update(outbox)
        .set({
          status: dead ? 'dead' : 'pending',
          lastError: failure.slice(0, 2000),
          nextAttemptAt: dead ? at : new Date(at.getTime() + options.backoff(item.attempts)),
        })
        .where(ours);
    }
  });
  if (!outcome.ok) {
    log.error(
      { outboxId: item.id, attempt: item.attempts, dead, error: failure },
      dead ? 'delivery failed for good: dead letter' : 'delivery failed, will retry',
    );
  }
}

export function startOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { db, now, log } = options;
  const pollMs = options.pollMs ?? 1000;
  const leaseMs = options.leaseMs ?? 60_000;
  const batch = options.batch ?? 20;
  const settings = {
    db,
    deliver: options.deliver,
    now,
    log,
    maxAttempts: options.maxAttempts ?? 8,
    backoff: options.backoff ?? ((n: number) => exponentialBackoff(n)),
  };
  let stopped = false;
  let wake: (() => void) | undefined;
  let chain: Promise<unknown> = Promise.resolve();

  const pass = async () => {
    const items = await claim(db, now(), leaseMs, batch);
    // Each row is independent: one slow receiver does not hold the others back.
    await Promise.all(items.map((item) => attempt(item, settings)));
    return items.length;
  };
  const serialised = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  };

  // The first pass waits one poll: a process starting up has other things to do first.
  const loop = (async () => {
    let waitMs = pollMs;
    while (!stopped) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
      if (stopped) break;
      try {
        waitMs = (await serialised(pass)) === batch ? 0 : pollMs;
      } catch (error) {
        log.error({ err: error }, 'outbox pass failed');
        waitMs = pollMs;
      }
    }
  })();

  return {
    tick: () => serialised(pass),
    stop: async () => {
      stopped = true;
      wake?.();
      await loop;
      await chain;
    },
  };
}
