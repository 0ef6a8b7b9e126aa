import { asc, desc, eq } from 'drizzle-orm';
import type { GroupId } from '@ovms/policy';
import type { DbOrTx } from '../../../../db/client.js';
import { groupMembers, groups, people } from '../../../../db/schema.js';
import type { GroupDto } from './schema.js';

/** Groups with their members (leads first, then by name), one query for the members. */
async function loadGroups(db: DbOrTx, id?: GroupId): Promise<GroupDto[]> {
  const rows = await db
    .select()
    .from(groups)
    .where(id === undefined ? undefined : eq(groups.id, id))
    .orderBy(asc(groups.id));
  if (rows.length === 0) return [];
  const members = await db
    .select({
      groupId: groupMembers.groupId,
      personId: people.id,
      name: people.name,
      organisation: people.organisation,
      title: people.title,
      phone: people.phone,
      active: people.active,
      isLead: groupMembers.isLead,
    })
    .from(groupMembers)
    .innerJoin(people, eq(people.id, groupMembers.personId))
    .where(id === undefined ? undefined : eq(groupMembers.groupId, id))
    .orderBy(desc(groupMembers.isLead), asc(people.name), asc(people.id));
  return rows.map((row) => ({
    id: row.id as GroupId,
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    phones: row.phones,
    duties: row.duties,
    members: members
      .filter((m) => m.groupId === row.id)
      .map(({ groupId: _groupId, ...member }) => member),
  }));
}

export const listGroups = (db: DbOrTx) => loadGroups(db);

export async function findGroup(db: DbOrTx, id: GroupId): Promise<GroupDto | undefined> {
  const [group] = await loadGroups(db, id);
  return group;
}
