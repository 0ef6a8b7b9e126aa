import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../../db/client.js';
import { hotlines } from '../../../../db/schema.js';
import type { HotlineDto } from './schema.js';

const columns = {
  id: hotlines.id,
  number: hotlines.number,
  purpose: hotlines.purpose,
  labelZh: hotlines.labelZh,
  labelEn: hotlines.labelEn,
};

export const listHotlines = (db: DbOrTx): Promise<HotlineDto[]> =>
  db.select(columns).from(hotlines).orderBy(asc(hotlines.id));

export async function findHotline(db: DbOrTx, id: string): Promise<HotlineDto | undefined> {
  const [row] = await db.select(columns).from(hotlines).where(eq(hotlines.id, id));
  return row;
}
