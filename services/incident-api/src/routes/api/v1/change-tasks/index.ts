/**
 * /api/v1/change-tasks: change tasks across incidents, for the people who act on them — devops
 * executes approved ones, the system group approves requested ones, the requester verifies
 * executed ones. Steps are taken on the incident (…/incidents/{id}/change-tasks/{n}/steps), whose
 * ETag each row carries.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CHANGE_KINDS, CHANGE_TASK_STATUSES, INCIDENT_STATUSES, PRIORITIES } from '@ovms/policy';
import { listChangeTasksAcross } from '../../../../domain/incidents/change-task-list.js';
import { access } from '../../../../domain/identity/access.js';
import { problemResponse, serverErrors } from '../../../../lib/responses.js';
import { changeTaskSchema } from '../incidents/schema.js';

const querySchema = z.object({
  status: z
    .union([z.enum(CHANGE_TASK_STATUSES), z.array(z.enum(CHANGE_TASK_STATUSES))])
    .optional()
    .describe(
      'One or more statuses (repeat the parameter). Default: requested, approved, executed.',
    ),
  kind: z.enum(CHANGE_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional().describe('From nextCursor of the previous page.'),
});

const pageSchema = z
  .object({
    items: z.array(
      z.object({
        incident: z.object({
          id: z.number().int(),
          version: z.number().int().describe('The incident’s ETag is "<version>".'),
          title: z.string(),
          priority: z.enum(PRIORITIES),
          status: z.enum(INCIDENT_STATUSES),
          holderGroup: z.string(),
          systemId: z.string(),
        }),
        task: changeTaskSchema,
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'ChangeTaskPage' });

const changeTaskRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '',
    {
      config: { access: access.readIncidents },
      schema: {
        tags: ['change-tasks'],
        operationId: 'listChangeTasksAcrossIncidents',
        summary: 'Change tasks across the incidents I may see, P1 first, oldest request first',
        querystring: querySchema,
        response: {
          200: pageSchema,
          400: problemResponse,
          401: problemResponse,
          403: problemResponse,
          ...serverErrors,
        },
      },
    },
    (request) => listChangeTasksAcross(app.db, { ...request.query, viewer: request.actor! }),
  );
};

export default changeTaskRoutes;
