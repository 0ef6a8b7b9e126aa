/**
 * /api/v1/people: the roster. A person acts through the groups they belong to (X-Actor until
 * sign-in arrives); a deactivated person keeps their history but may no longer act.
 */
import { and, eq, notInArray } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { groupMembers, people, personPasswords } from '../../../../db/schema.js';
import type { DbOrTx } from '../../../../db/client.js';
import { recordAudit } from '../../../../domain/audit.js';
import { Problem, notFound } from '../../../../lib/problem.js';
import { auditContextOf } from '../../../../lib/request-context.js';
import { readErrors, writeErrors } from '../../../../lib/responses.js';
import { assertAnAdminRemains, findPerson, listPeople } from './queries.js';
import {
  createPersonSchema,
  peopleQuerySchema,
  personIdSchema,
  personSchema,
  setMembershipsSchema,
  updatePersonSchema,
  type MembershipInput,
} from './schema.js';
import { access } from '../../../../domain/identity/access.js';
import { hashPassword } from '../../../../domain/identity/passwords.js';

const params = z.object({ personId: personIdSchema });

async function writeMemberships(tx: DbOrTx, personId: string, memberships: MembershipInput[]) {
  const kept = memberships.map((m) => m.groupId);
  await tx
    .delete(groupMembers)
    .where(
      kept.length > 0
        ? and(eq(groupMembers.personId, personId), notInArray(groupMembers.groupId, kept))
        : eq(groupMembers.personId, personId),
    );
  for (const m of memberships) {
    await tx
      .insert(groupMembers)
      .values({ personId, groupId: m.groupId, isLead: m.isLead })
      .onConflictDoUpdate({
        target: [groupMembers.groupId, groupMembers.personId],
        set: { isLead: m.isLead },
      });
  }
}

const peopleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '',
    {
      config: { access: access.readIncidents },
      schema: {
        tags: ['reference'],
        operationId: 'listPeople',
        summary: 'List the roster, with each person’s groups',
        querystring: peopleQuerySchema,
        response: { 200: z.array(personSchema), ...readErrors },
      },
    },
    (request) =>
      listPeople(app.db, {
        group: request.query.group,
        active: request.query.active === undefined ? undefined : request.query.active === 'true',
      }),
  );

  app.get(
    '/:personId',
    {
      config: { access: access.readIncidents },
      schema: {
        tags: ['reference'],
        operationId: 'getPerson',
        summary: 'Get one person with their groups',
        params,
        response: { 200: personSchema, ...readErrors },
      },
    },
    async (request) => {
      const person = await findPerson(app.db, request.params.personId);
      if (!person) throw notFound('Person', request.params.personId);
      return person;
    },
  );

  app.post(
    '',
    {
      config: { access: access.admin },
      schema: {
        tags: ['reference'],
        operationId: 'createPerson',
        summary: 'Add a person to the roster, with their groups',
        body: createPersonSchema,
        response: { 201: personSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const { groups: memberships, password, ...fields } = request.body;
      // Hashed before the transaction: argon2 takes ~0.1 s, no lock should wait for it.
      const hash = password === undefined ? undefined : await hashPassword(password);
      const created = await app.db.transaction(async (tx) => {
        const [row] = await tx
          .insert(people)
          .values({ ...fields, createdAt: app.now() })
          .onConflictDoNothing()
          .returning({ id: people.id });
        if (!row) {
          throw new Problem(409, 'conflict', 'Conflict', `Person ${fields.id} already exists.`);
        }
        await writeMemberships(tx, fields.id, memberships);
        if (hash !== undefined) {
          await tx
            .insert(personPasswords)
            .values({ personId: fields.id, hash, changedAt: app.now() });
        }
        const person = (await findPerson(tx, fields.id))!;
        await recordAudit(tx, auditContextOf(request), {
          action: 'person.create',
          entity: 'person',
          entityId: fields.id,
          // That a password was set, never the password or its hash.
          after: { ...person, passwordSet: hash !== undefined },
        });
        return person;
      });
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/:personId',
    {
      config: { access: access.admin },
      schema: {
        tags: ['reference'],
        operationId: 'updatePerson',
        summary: 'Change a person’s name, organisation, title, phone or email',
        params,
        body: updatePersonSchema,
        response: { 200: personSchema, ...writeErrors },
      },
    },
    async (request) => {
      const { personId } = request.params;
      return app.db.transaction(async (tx) => {
        const before = await findPerson(tx, personId);
        if (!before) throw notFound('Person', personId);
        if (Object.keys(request.body).length > 0) {
          await tx.update(people).set(request.body).where(eq(people.id, personId));
        }
        const after = { ...before, ...request.body };
        await recordAudit(tx, auditContextOf(request), {
          action: 'person.update',
          entity: 'person',
          entityId: personId,
          before,
          after,
        });
        return after;
      });
    },
  );

  for (const active of [false, true]) {
    const verb = active ? 'reactivate' : 'deactivate';
    app.post(
      `/:personId/${verb}`,
      {
        config: { access: access.admin },
        schema: {
          tags: ['reference'],
          operationId: active ? 'reactivatePerson' : 'deactivatePerson',
          summary: active
            ? 'Reactivate a person: they may act again'
            : 'Deactivate a person: they keep their history but may no longer act',
          params,
          response: { 200: personSchema, ...writeErrors },
        },
      },
      async (request) => {
        const { personId } = request.params;
        return app.db.transaction(async (tx) => {
          const before = await findPerson(tx, personId);
          if (!before) throw notFound('Person', personId);
          await tx.update(people).set({ active }).where(eq(people.id, personId));
          if (!active) await assertAnAdminRemains(tx);
          const after = { ...before, active };
          await recordAudit(tx, auditContextOf(request), {
            action: `person.${verb}`,
            entity: 'person',
            entityId: personId,
            before: { active: before.active },
            after: { active },
          });
          return after;
        });
      },
    );
  }

  app.put(
    '/:personId/groups',
    {
      config: { access: access.admin },
      schema: {
        tags: ['reference'],
        operationId: 'setPersonGroups',
        summary: 'Set the groups a person belongs to, and where they lead',
        params,
        body: setMembershipsSchema,
        response: { 200: personSchema, ...writeErrors },
      },
    },
    async (request) => {
      const { personId } = request.params;
      return app.db.transaction(async (tx) => {
        const before = await findPerson(tx, personId);
        if (!before) throw notFound('Person', personId);
        await writeMemberships(tx, personId, request.body.groups);
        await assertAnAdminRemains(tx);
        const after = (await findPerson(tx, personId))!;
        await recordAudit(tx, auditContextOf(request), {
          action: 'person.groups.set',
          entity: 'person',
          entityId: personId,
          before: before.groups,
          after: after.groups,
        });
        return after;
      });
    },
  );
};

export default peopleRoutes;
