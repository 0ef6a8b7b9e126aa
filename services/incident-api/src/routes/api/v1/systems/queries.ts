import { arrayContains, asc, count, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../../db/client.js';
import { campaigns, incidents, systems } from '../../../../db/schema.js';
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

/** What still refers to a system: the incidents reported on it and the campaigns naming it. */
export async function usesOfSystem(db: DbOrTx, id: string) {
  const [[reported], named] = await Promise.all([
    db.select({ n: count() }).from(incidents).where(eq(incidents.systemId, id)),
    db
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(arrayContains(campaigns.systemIds, [id]))
      .orderBy(asc(campaigns.id)),
  ]);
  return { incidents: reported?.n ?? 0, campaigns: named.map((c) => c.id) };
}
