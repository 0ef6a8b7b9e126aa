/**
 * /api/v1/policy/versions: the plan's tables, versioned. A version is never changed or deleted:
 * incidents keep the version they were created under, and a new version applies to new ones.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { policyVersions } from '../../../../db/schema.js';
import { recordAudit } from '../../../../domain/audit.js';
import { notFound } from '../../../../lib/problem.js';
import { auditContextOf } from '../../../../lib/request-context.js';
import { readErrors, writeErrors } from '../../../../lib/responses.js';
import {
  findCurrentPolicyVersion,
  findPolicyVersion,
  listPolicyVersions,
  validatePolicyTables,
} from './queries.js';
import { createPolicyVersionSchema, policyVersionParams, policyVersionSchema } from './schema.js';
import { access } from '../../../../domain/identity/access.js';

const policyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/versions',
    {
      config: { access: access.readIncidents },
      schema: {
        tags: ['policy'],
        operationId: 'listPolicyVersions',
        summary: 'List the policy versions, newest (in force) first',
        response: { 200: z.array(policyVersionSchema), ...readErrors },
      },
    },
    () => listPolicyVersions(app.db),
  );

  app.get(
    '/versions/current',
    {
      config: { access: access.readIncidents },
      schema: {
        tags: ['policy'],
        operationId: 'getCurrentPolicyVersion',
        summary: 'Get the policy version in force (the newest)',
        response: { 200: policyVersionSchema, ...readErrors },
      },
    },
    async () => {
      const current = await findCurrentPolicyVersion(app.db);
      if (!current) throw notFound('Policy version', 'current');
      return current;
    },
  );

  app.get(
    '/versions/:versionId',
    {
      config: { access: access.readIncidents },
      schema: {
        tags: ['policy'],
        operationId: 'getPolicyVersion',
        summary: 'Get one policy version',
        params: policyVersionParams,
        response: { 200: policyVersionSchema, ...readErrors },
      },
    },
    async (request) => {
      const version = await findPolicyVersion(app.db, request.params.versionId);
      if (!version) throw notFound('Policy version', request.params.versionId);
      return version;
    },
  );

  app.post(
    '/versions',
    {
      config: { access: access.admin },
      schema: {
        tags: ['policy'],
        operationId: 'createPolicyVersion',
        summary: 'Publish new tables as the version in force for incidents reported from now on',
        body: createPolicyVersionSchema,
        response: { 201: policyVersionSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const tables = validatePolicyTables(request.body);
      const created = await app.db.transaction(async (tx) => {
        const [row] = await tx
          .insert(policyVersions)
          .values({
            ...tables,
            note: request.body.note,
            createdBy: request.actor?.id ?? null,
            createdAt: app.now(),
          })
          .returning({ id: policyVersions.id });
        const version = (await findPolicyVersion(tx, row!.id))!;
        await recordAudit(tx, auditContextOf(request), {
          action: 'policy-version.create',
          entity: 'policy_version',
          entityId: version.id,
          after: version,
        });
        return version;
      });
      return reply.code(201).send(created);
    },
  );
};

export default policyRoutes;
