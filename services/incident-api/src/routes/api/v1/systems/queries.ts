import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../../db/client.js';
import { systems } from '../../../../db/schema.js';
import type { SystemDto } from './schema.js';

const columns = {
  id: systems.id,
  name: systems.name,
  grade: systems.grade,
  calendarId: systems.calendarId,
};

export const listSystems = (db: DbOrTx): Promise<SystemDto[]> =>
  db.select(columns).from(systems).orderBy(asc(systems.id));

export async function findSystem(db: DbOrTx, id: string): Promise<SystemDto | undefined> {
  const [row] = await db.select(columns).from(systems).where(eq(systems.id, id));
  return row;
}
