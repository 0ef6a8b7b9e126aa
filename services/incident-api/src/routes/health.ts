import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemResponse, serverErrors } from '../lib/responses.js';

const healthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
const readySchema = z
  .object({ status: z.literal('ready'), database: z.enum(['pglite', 'postgres']) })
  .meta({ id: 'Readiness' });

const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        operationId: 'getHealth',
        summary: 'Liveness: the process answers',
        response: { 200: healthSchema, ...serverErrors },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        operationId: 'getReadiness',
        summary: 'Readiness: the database answers',
        response: { 200: readySchema, 503: problemResponse, ...serverErrors },
      },
    },
    async (_request, reply) => {
      try {
        await app.db.execute(sql`select 1`);
        return { status: 'ready' as const, database: app.database.engine };
      } catch (err) {
        app.log.warn({ err }, 'database not ready');
        return reply.code(503).type('application/problem+json').send({
          type: '/problems/not-ready',
          title: 'Not ready',
          status: 503,
          detail: 'The database does not answer.',
        });
      }
    },
  );
};

export default healthRoutes;
