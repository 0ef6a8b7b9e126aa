/** /api/v1/hotlines: the numbers users call (plan §4), shown in the SPA and on notices. */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { hotlines } from '../../../../db/schema.js';
import { recordAudit } from '../../../../domain/audit.js';
import { Problem, notFound } from '../../../../lib/problem.js';
import { auditContextOf } from '../../../../lib/request-context.js';
import { readErrors, writeErrors } from '../../../../lib/responses.js';
import { findHotline, listHotlines } from './queries.js';
import {
  createHotlineSchema,
  hotlineIdSchema,
  hotlineSchema,
  updateHotlineSchema,
} from './schema.js';
import { access } from '../../../../domain/identity/access.js';

const params = z.object({ hotlineId: hotlineIdSchema });

const hotlineRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '',
    {
      config: { access: access.public },
      schema: {
        tags: ['reference'],
        operationId: 'listHotlines',
        summary: 'List the hotlines',
        response: { 200: z.array(hotlineSchema), ...readErrors },
      },
    },
    () => listHotlines(app.db),
  );

  app.get(
    '/:hotlineId',
    {
      config: { access: access.public },
      schema: {
        tags: ['reference'],
        operationId: 'getHotline',
        summary: 'Get one hotline',
        params,
        response: { 200: hotlineSchema, ...readErrors },
      },
    },
    async (request) => {
      const hotline = await findHotline(app.db, request.params.hotlineId);
      if (!hotline) throw notFound('Hotline', request.params.hotlineId);
      return hotline;
    },
  );

  app.post(
    '',
    {
      config: { access: access.admin },
      schema: {
        tags: ['reference'],
        operationId: 'createHotline',
        summary: 'Add a hotline',
        body: createHotlineSchema,
        response: { 201: hotlineSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const input = request.body;
      const created = await app.db.transaction(async (tx) => {
        const [row] = await tx.insert(hotlines).values(input).onConflictDoNothing().returning();
        if (!row) {
          throw new Problem(409, 'conflict', 'Conflict', `Hotline ${input.id} already exists.`);
        }
        await recordAudit(tx, auditContextOf(request), {
          action: 'hotline.create',
          entity: 'hotline',
          entityId: input.id,
          after: input,
        });
        return input;
      });
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/:hotlineId',
    {
      config: { access: access.admin },
      schema: {
        tags: ['reference'],
        operationId: 'updateHotline',
        summary: 'Change a hotline’s number, purpose or labels',
        params,
        body: updateHotlineSchema,
        response: { 200: hotlineSchema, ...writeErrors },
      },
    },
    async (request) => {
      const { hotlineId } = request.params;
      return app.db.transaction(async (tx) => {
        const before = await findHotline(tx, hotlineId);
        if (!before) throw notFound('Hotline', hotlineId);
        const after = { ...before, ...request.body };
        if (Object.keys(request.body).length > 0) {
          await tx.update(hotlines).set(request.body).where(eq(hotlines.id, hotlineId));
        }
        await recordAudit(tx, auditContextOf(request), {
          action: 'hotline.update',
          entity: 'hotline',
          entityId: hotlineId,
          before,
          after,
        });
        return after;
      });
    },
  );

  app.delete(
    '/:hotlineId',
    {
      config: { access: access.admin },
      schema: {
        tags: ['reference'],
        operationId: 'deleteHotline',
        summary: 'Remove a hotline',
        params,
        response: { 204: z.null().describe('Removed.'), ...writeErrors },
      },
    },
    async (request, reply) => {
      const { hotlineId } = request.params;
      await app.db.transaction(async (tx) => {
        const [before] = await tx.delete(hotlines).where(eq(hotlines.id, hotlineId)).returning();
        if (!before) throw notFound('Hotline', hotlineId);
        await recordAudit(tx, auditContextOf(request), {
          action: 'hotline.delete',
          entity: 'hotline',
          entityId: hotlineId,
          before,
        });
      });
      return reply.code(204).send(null);
    },
  );
};

export default hotlineRoutes;
