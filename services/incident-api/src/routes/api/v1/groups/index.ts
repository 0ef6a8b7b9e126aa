/**
 * /api/v1/groups: the emergency team's groups (plan §3.2). Their ids are fixed by the policy
 * package; admins keep their names, duty phones and duties. Membership is set per person.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { groups } from '../../../../db/schema.js';
import { recordAudit } from '../../../../domain/audit.js';
import { notFound } from '../../../../lib/problem.js';
import { auditContextOf } from '../../../../lib/request-context.js';
import { readErrors, writeErrors } from '../../../../lib/responses.js';
import { findGroup, listGroups } from './queries.js';
import { groupIdSchema, groupSchema, updateGroupSchema } from './schema.js';
import { access } from '../../../../domain/identity/access.js';

const params = z.object({ groupId: groupIdSchema });

const groupRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '',
    {
      config: { access: access.readIncidents },
      schema: {
        tags: ['reference'],
        operationId: 'listGroups',
        summary: 'List the groups with their members, leads and duty phones',
        response: { 200: z.array(groupSchema), ...readErrors },
      },
    },
    () => listGroups(app.db),
  );

  app.get(
    '/:groupId',
    {
      config: { access: access.readIncidents },
      schema: {
        tags: ['reference'],
        operationId: 'getGroup',
        summary: 'Get one group with its members',
        params,
        response: { 200: groupSchema, ...readErrors },
      },
    },
    async (request) => {
      const group = await findGroup(app.db, request.params.groupId);
      if (!group) throw notFound('Group', request.params.groupId);
      return group;
    },
  );

  app.patch(
    '/:groupId',
    {
      config: { access: access.admin },
      schema: {
        tags: ['reference'],
        operationId: 'updateGroup',
        summary: 'Change a group’s names, duty phones or duties',
        params,
        body: updateGroupSchema,
        response: { 200: groupSchema, ...writeErrors },
      },
    },
    async (request) => {
      const { groupId } = request.params;
      return app.db.transaction(async (tx) => {
        const before = await findGroup(tx, groupId);
        if (!before) throw notFound('Group', groupId);
        if (Object.keys(request.body).length > 0) {
          await tx.update(groups).set(request.body).where(eq(groups.id, groupId));
        }
        const after = { ...before, ...request.body };
        const { members: _members, ...fields } = before;
        await recordAudit(tx, auditContextOf(request), {
          action: 'group.update',
          entity: 'group',
          entityId: groupId,
          before: fields,
          after: { ...fields, ...request.body },
        });
        return after;
      });
    },
  );
};

export default groupRoutes;
