/**
 * Runs a transaction again when PostgreSQL chose it as the victim of a deadlock or of a
 * serialization failure: the whole transaction rolled back, so running it again is safe.
 * For writes that lock many rows at once (a calendar edit re-queues its incidents while the
 * SLA runner holds some of them).
 */
import type { Db, Tx } from './client.js';
import { sqlStateOf } from './errors.js';

const RETRYABLE = new Set(['40P01', '40001']);

export async function transactionWithRetry<T>(
  db: Db,
  work: (tx: Tx) => Promise<T>,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (error) {
      if (attempt >= attempts || !RETRYABLE.has(sqlStateOf(error) ?? '')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
    }
  }
}
