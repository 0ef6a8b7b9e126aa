import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { systems } from '../../../../db/schema.js';
import { recordAudit } from '../../../../domain/audit.js';
import { deleteUnlessUsed } from '../../../../domain/reference/delete-unless-used.js';
import { Problem, notFound } from '../../../../lib/problem.js';
import { assertCalendarExists } from '../../../../lib/references.js';
import { auditContextOf } from '../../../../lib/request-context.js';
import { readErrors, writeErrors } from '../../../../lib/responses.js';
import { findSystem, listSystems, usesOfSystem } from './queries.js';
import { createSystemSchema, systemIdSchema, systemSchema, updateSystemSchema } from './schema.js';
import { access } from '../../../../domain/identity/access.js';

const params = z.object({ systemId: systemIdSchema });

const systemRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '',
    {
      config: { access: access.readIncidents },
      schema: {
        tags: ['reference'],
        operationId: 'listSystems',
        summary: 'List systems and their grades',
        response: { 200: z.array(systemSchema), ...readErrors },
      },
    },
    () => listSystems(app.db),
  );

  app.get(
    '/:systemId',
    {
      config: { access: access.readIncidents },
      schema: {
        tags: ['reference'],
        operationId: 'getSystem',
        summary: 'Get one system',
        params,
        response: { 200: systemSchema, ...readErrors },
      },
    },
    async (request) => {
      const system = await findSystem(app.db, request.params.systemId);
      if (!system) throw notFound('System', request.params.systemId);
      return system;
    },
  );

  app.post(
    '',
    {
      config: { access: access.admin },
      schema: {
        tags: ['reference'],
        operationId: 'createSystem',
        summary: 'Register a system with its grade and calendar',
        body: createSystemSchema,
        response: { 201: systemSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const input = request.body;
      const created = await app.db.transaction(async (tx) => {
        if (await findSystem(tx, input.id)) {
          throw new Problem(409, 'conflict', 'Conflict', `System ${input.id} already exists.`);
        }
        await assertCalendarExists(tx, input.calendarId, '/body/calendarId');
        await tx.insert(systems).values(input);
        await recordAudit(tx, auditContextOf(request), {
          action: 'system.create',
          entity: 'system',
          entityId: input.id,
          after: input,
        });
        return input;
      });
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/:systemId',
    {
      config: { access: access.admin },
      schema: {
        tags: ['reference'],
        operationId: 'updateSystem',
        summary: 'Change a system’s name, grade or calendar',
        params,
        body: updateSystemSchema,
        response: { 200: systemSchema, ...writeErrors },
      },
    },
    async (request) => {
      const { systemId } = request.params;
      return app.db.transaction(async (tx) => {
        const before = await findSystem(tx, systemId);
        if (!before) throw notFound('System', systemId);
        if (request.body.calendarId) {
          await assertCalendarExists(tx, request.body.calendarId, '/body/calendarId');
        }
        const after = { ...before, ...request.body };
        if (Object.keys(request.body).length > 0) {
          await tx.update(systems).set(request.body).where(eq(systems.id, systemId));
        }
        await recordAudit(tx, auditContextOf(request), {
          action: 'system.update',
          entity: 'system',
          entityId: systemId,
          before,
          after,
        });
        return after;
      });
    },
  );

  app.delete(
    '/:systemId',
    {
      config: { access: access.admin },
      schema: {
        tags: ['reference'],
        operationId: 'deleteSystem',
        summary: 'Delete a system no incident was reported on and no campaign names',
        params,
        response: { 204: z.null().describe('Deleted.'), ...writeErrors },
      },
    },
    async (request, reply) => {
      const { systemId } = request.params;
      await deleteUnlessUsed(app.db, auditContextOf(request), {
        what: 'System',
        id: systemId,
        find: (db) => findSystem(db, systemId),
        usesOf: (db) => usesOfSystem(db, systemId),
        remove: (db) => db.delete(systems).where(eq(systems.id, systemId)),
      });
      return reply.code(204).send(null);
    },
  );
};

export default systemRoutes;
