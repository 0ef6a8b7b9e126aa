import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { calendars } from '../db/schema.js';
import { Problem } from './problem.js';

/** 422 naming the field that refers to something that does not exist. */
export const unknownReference = (pointer: string, what: string, id: string) =>
  new Problem(422, 'unknown-reference', 'Unknown reference', `${what} ${id} does not exist.`, {
    errors: [{ pointer, detail: `no ${what} ${id}` }],
  });

export async function assertCalendarExists(db: DbOrTx, id: string, pointer: string) {
  const [row] = await db.select({ id: calendars.id }).from(calendars).where(eq(calendars.id, id));
  if (!row) throw unknownReference(pointer, 'calendar', id);
}
