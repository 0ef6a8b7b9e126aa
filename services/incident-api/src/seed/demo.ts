/**
 * Demo data for a newcomer: on an EMPTY database only (never touches existing data), the plan's
 * reference data and a dozen incidents in different states, so the queue is alive at once.
 */
import { count } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { people } from '../db/schema.js';
import { seedReferenceData } from './reference.js';

export async function seedDemo(db: Db, now: Date) {
  const [row] = await db.select({ n: count() }).from(people);
  if ((row?.n ?? 0) > 0) return undefined;
  return db.transaction(async (tx) => {
    const reference = await seedReferenceData(tx, now);
    return { ...reference };
  });
}
