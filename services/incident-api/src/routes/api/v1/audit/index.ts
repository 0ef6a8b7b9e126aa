import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { verifyAuditChain } from '../../../../domain/audit.js';
import { problemResponse, serverErrors } from '../../../../lib/responses.js';
import { listAuditEntries } from './queries.js';
import { auditPageSchema, auditQuerySchema, auditVerificationSchema } from './schema.js';
import { access } from '../../../../domain/identity/access.js';

const accessErrors = { 401: problemResponse, 403: problemResponse, ...serverErrors } as const;

/** The audit trail, for admins and leaders: read and filter it, and check its hash chain. */
const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '',
    {
      config: { access: access.audit },
      schema: {
        tags: ['audit'],
        operationId: 'listAuditEntries',
        summary: 'Audit entries, newest first, filtered by record, actor, action and time',
        querystring: auditQuerySchema,
        response: { 200: auditPageSchema, 400: problemResponse, ...accessErrors },
      },
    },
    (request) => listAuditEntries(app.db, request.query),
  );

  app.get(
    '/verify',
    {
      config: { access: access.audit },
      schema: {
        tags: ['audit'],
        operationId: 'verifyAuditChain',
        summary: 'Walk the whole hash chain and name the first broken link',
        response: { 200: auditVerificationSchema, ...accessErrors },
      },
    },
    () => verifyAuditChain(app.db),
  );
};

export default auditRoutes;
