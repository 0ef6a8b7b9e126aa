import { and, asc, count, eq, inArray, type SQL } from 'drizzle-orm';
import type { GroupId } from '@ovms/policy';
import type { DbOrTx } from '../../../../db/client.js';
import { groupMembers, groups, people } from '../../../../db/schema.js';
import { Problem } from '../../../../lib/problem.js';
import type { PersonDto } from './schema.js';

const columns = {
  id: people.id,
  name: people.name,
  organisation: people.organisation,
  title: people.title,
  phone: people.phone,
  email: people.email,
  active: people.active,
};

async function withGroups(db: DbOrTx, rows: Omit<PersonDto, 'groups'>[]): Promise<PersonDto[]> {
  if (rows.length === 0) return [];
  const memberships = await db
    .select()
    .from(groupMembers)
    .where(
      inArray(
        groupMembers.personId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(groupMembers.groupId));
  return rows.map((row) => ({
    ...row,
    groups: memberships
      .filter((m) => m.personId === row.id)
      .map((m) => ({ groupId: m.groupId as GroupId, isLead: m.isLead })),
  }));
}

export async function listPeople(
  db: DbOrTx,
  filter: { group?: GroupId | undefined; active?: boolean | undefined },
): Promise<PersonDto[]> {
  const conditions: SQL[] = [];
  if (filter.active !== undefined) conditions.push(eq(people.active, filter.active));
  if (filter.group) {
    conditions.push(
      inArray(
        people.id,
        db
          .select({ id: groupMembers.personId })
          .from(groupMembers)
          .where(eq(groupMembers.groupId, filter.group)),
      ),
    );
  }
  const rows = await db
    .select(columns)
    .from(people)
    .where(and(...conditions))
    .orderBy(asc(people.id));
  return withGroups(db, rows);
}

export async function findPerson(db: DbOrTx, id: string): Promise<PersonDto | undefined> {
  const rows = await db.select(columns).from(people).where(eq(people.id, id));
  const [person] = await withGroups(db, rows);
  return person;
}

/**
 * Refuses (409) a change that leaves no active admin: nobody could keep the roster any more.
 * Runs inside the changing transaction, after the change; the lock on the admin group makes two
 * such changes count one after the other, so two admins cannot remove each other at once.
 */
export async function assertAnAdminRemains(db: DbOrTx) {
  await db.select({ id: groups.id }).from(groups).where(eq(groups.id, 'admin')).for('update');
  const [row] = await db
    .select({ n: count() })
    .from(groupMembers)
    .innerJoin(people, eq(people.id, groupMembers.personId))
    .where(and(eq(groupMembers.groupId, 'admin'), eq(people.active, true)));
  if (!row || row.n === 0) {
    throw new Problem(
      409,
      'last-admin',
      'Last admin',
      'This would leave no active member of the admin group to keep the reference data.',
    );
  }
}
