/** /api/v1/campaigns: time-bounded grade overrides with their own service window. */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { campaigns } from '../../../../db/schema.js';
import { recordAudit } from '../../../../domain/audit.js';
import { Problem, notFound, validationProblem } from '../../../../lib/problem.js';
import { auditContextOf } from '../../../../lib/request-context.js';
import { readErrors, writeErrors } from '../../../../lib/responses.js';
import {
  assertCampaignReferences,
  findCampaignRow,
  incidentsUnderCampaign,
  listCampaigns,
  toCampaignDto,
} from './queries.js';
import {
  campaignIdSchema,
  campaignSchema,
  createCampaignSchema,
  updateCampaignSchema,
} from './schema.js';
import { access } from '../../../../domain/identity/access.js';

const params = z.object({ campaignId: campaignIdSchema });

const campaignRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '',
    {
      config: { access: access.readIncidents },
      schema: {
        tags: ['reference'],
        operationId: 'listCampaigns',
        summary: 'List campaigns by start of their window',
        response: { 200: z.array(campaignSchema), ...readErrors },
      },
    },
    () => listCampaigns(app.db),
  );

  app.get(
    '/:campaignId',
    {
      config: { access: access.readIncidents },
      schema: {
        tags: ['reference'],
        operationId: 'getCampaign',
        summary: 'Get one campaign',
        params,
        response: { 200: campaignSchema, ...readErrors },
      },
    },
    async (request) => {
      const row = await findCampaignRow(app.db, request.params.campaignId);
      if (!row) throw notFound('Campaign', request.params.campaignId);
      return toCampaignDto(row);
    },
  );

  app.post(
    '',
    {
      config: { access: access.admin },
      schema: {
        tags: ['reference'],
        operationId: 'createCampaign',
        summary: 'Create a campaign: window, systems, grade override, service window',
        body: createCampaignSchema,
        response: { 201: campaignSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const input = request.body;
      const created = await app.db.transaction(async (tx) => {
        await assertCampaignReferences(tx, input);
        const [row] = await tx
          .insert(campaigns)
          .values({
            ...input,
            startsAt: new Date(input.startsAt),
            endsAt: new Date(input.endsAt),
          })
          .onConflictDoNothing()
          .returning();
        if (!row) {
          throw new Problem(409, 'conflict', 'Conflict', `Campaign ${input.id} already exists.`);
        }
        const dto = toCampaignDto(row);
        await recordAudit(tx, auditContextOf(request), {
          action: 'campaign.create',
          entity: 'campaign',
          entityId: row.id,
          after: dto,
        });
        return dto;
      });
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/:campaignId',
    {
      config: { access: access.admin },
      schema: {
        tags: ['reference'],
        operationId: 'updateCampaign',
        summary: 'Change a campaign’s window, systems, grade override or calendar',
        description:
          'Incidents already reported keep the grade and service window they were given.',
        params,
        body: updateCampaignSchema,
        response: { 200: campaignSchema, ...writeErrors },
      },
    },
    async (request) => {
      const { campaignId } = request.params;
      const patch = request.body;
      return app.db.transaction(async (tx) => {
        const before = await findCampaignRow(tx, campaignId);
        if (!before) throw notFound('Campaign', campaignId);
        const startsAt = patch.startsAt ? new Date(patch.startsAt) : before.startsAt;
        const endsAt = patch.endsAt ? new Date(patch.endsAt) : before.endsAt;
        if (endsAt <= startsAt) {
          const pointer = patch.endsAt ? '/body/endsAt' : '/body/startsAt';
          throw validationProblem(
            [{ pointer, detail: 'the window must end after it starts' }],
            `The window would run from ${startsAt.toISOString()} to ${endsAt.toISOString()}.`,
          );
        }
        await assertCampaignReferences(tx, patch);
        const [after] = await tx
          .update(campaigns)
          .set({ ...patch, startsAt, endsAt })
          .where(eq(campaigns.id, campaignId))
          .returning();
        const dto = toCampaignDto(after!);
        await recordAudit(tx, auditContextOf(request), {
          action: 'campaign.update',
          entity: 'campaign',
          entityId: campaignId,
          before: toCampaignDto(before),
          after: dto,
        });
        return dto;
      });
    },
  );

  app.delete(
    '/:campaignId',
    {
      config: { access: access.admin },
      schema: {
        tags: ['reference'],
        operationId: 'deleteCampaign',
        summary: 'Delete a campaign no incident was reported under',
        params,
        response: { 204: z.null().describe('Deleted.'), ...writeErrors },
      },
    },
    async (request, reply) => {
      const { campaignId } = request.params;
      await app.db.transaction(async (tx) => {
        const before = await findCampaignRow(tx, campaignId);
        if (!before) throw notFound('Campaign', campaignId);
        const reported = await incidentsUnderCampaign(tx, campaignId);
        if (reported > 0) {
          throw new Problem(
            409,
            'campaign-in-use',
            'Campaign in use',
            `${reported} incident(s) were reported under campaign ${campaignId}; end its window instead of deleting it.`,
          );
        }
        await tx.delete(campaigns).where(eq(campaigns.id, campaignId));
        await recordAudit(tx, auditContextOf(request), {
          action: 'campaign.delete',
          entity: 'campaign',
          entityId: campaignId,
          before: toCampaignDto(before),
        });
      });
      return reply.code(204).send(null);
    },
  );
};

export default campaignRoutes;
