import { asc, count, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../../../db/client.js';
import { campaigns, incidents, systems } from '../../../../db/schema.js';
import { assertCalendarExists, unknownReference } from '../../../../lib/references.js';
import type { CampaignDto } from './schema.js';

type CampaignRow = typeof campaigns.$inferSelect;

export const toCampaignDto = (row: CampaignRow): CampaignDto => ({
  id: row.id,
  name: row.name,
  systemIds: row.systemIds,
  startsAt: row.startsAt.toISOString(),
  endsAt: row.endsAt.toISOString(),
  gradeOverride: row.gradeOverride,
  calendarId: row.calendarId,
});

export async function listCampaigns(db: DbOrTx): Promise<CampaignDto[]> {
  const rows = await db
    .select()
    .from(campaigns)
    .orderBy(asc(campaigns.startsAt), asc(campaigns.id));
  return rows.map(toCampaignDto);
}

export async function findCampaignRow(db: DbOrTx, id: string): Promise<CampaignRow | undefined> {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  return row;
}

/** 422 naming the first system id (or the calendar) of a campaign that does not exist. */
export async function assertCampaignReferences(
  db: DbOrTx,
  input: { systemIds?: string[] | undefined; calendarId?: string | null | undefined },
) {
  if (input.systemIds) {
    const found = await db
      .select({ id: systems.id })
      .from(systems)
      .where(inArray(systems.id, input.systemIds));
    const known = new Set(found.map((s) => s.id));
    const index = input.systemIds.findIndex((id) => !known.has(id));
    if (index !== -1) {
      throw unknownReference(`/body/systemIds/${index}`, 'system', input.systemIds[index]!);
    }
  }
  if (input.calendarId) await assertCalendarExists(db, input.calendarId, '/body/calendarId');
}

/** How many incidents were reported under the campaign (they keep its grade and window). */
export async function incidentsUnderCampaign(db: DbOrTx, id: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(incidents).where(eq(incidents.campaignId, id));
  return row?.n ?? 0;
}
