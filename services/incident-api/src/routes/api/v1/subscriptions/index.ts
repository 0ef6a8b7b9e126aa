/**
 * /api/v1/subscriptions: who receives which notices over which channel. A subscription names a
 * group (optionally its leads only) or a person, the notice kinds, and the channel: in-app,
 * e-mail (to the people's addresses) or a webhook. The plan's defaults are seeded.
 */
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { GROUPS } from '@ovms/policy';
import { people, subscriptions, webhooks } from '../../../../db/schema.js';
import { recordAudit } from '../../../../domain/audit.js';
import { access } from '../../../../domain/identity/access.js';
import { Problem, notFound } from '../../../../lib/problem.js';
import { unknownReference } from '../../../../lib/references.js';
import { auditContextOf } from '../../../../lib/request-context.js';
import { readErrors, writeErrors } from '../../../../lib/responses.js';

export const NOTICE_KINDS = ['warning', 'breach', 'priority_alert'] as const;
export const CHANNELS = ['in_app', 'email', 'webhook'] as const;

const subscriptionSchema = z
  .object({
    id: z.number().int(),
    groupId: z.enum(GROUPS).nullable(),
    leadsOnly: z.boolean(),
    personId: z.string().nullable(),
    kinds: z.array(z.enum(NOTICE_KINDS)),
    channel: z.enum(CHANNELS),
    webhookId: z.string().nullable(),
    active: z.boolean(),
  })
  .meta({ id: 'Subscription' });

const newSubscriptionSchema = z
  .object({
    groupId: z.enum(GROUPS).optional().describe('A group (as the notice’s audience resolves it)…'),
    leadsOnly: z.boolean().default(false).describe('…only its leads.'),
    personId: z.string().min(1).optional().describe('…or one person.'),
    kinds: z.array(z.enum(NOTICE_KINDS)).min(1),
    channel: z.enum(CHANNELS),
    webhookId: z.string().min(1).optional().describe('Required for the webhook channel.'),
    active: z.boolean().default(true),
  })
  .meta({ id: 'NewSubscription' });

const subscriptionPatchSchema = z
  .object({ kinds: z.array(z.enum(NOTICE_KINDS)).min(1), active: z.boolean() })
  .partial()
  .meta({ id: 'SubscriptionPatch' });

const params = z.object({ subscriptionId: z.coerce.number().int().positive() });

type Row = typeof subscriptions.$inferSelect;
const toDto = (s: Row) => ({
  id: s.id,
  groupId: s.groupId as (typeof GROUPS)[number] | null,
  leadsOnly: s.leadsOnly,
  personId: s.personId,
  kinds: s.kinds as (typeof NOTICE_KINDS)[number][],
  channel: s.channel,
  webhookId: s.webhookId,
  active: s.active,
});

const fieldProblem = (pointer: string, detail: string) =>
  new Problem(400, 'validation', 'Invalid request', detail, { errors: [{ pointer, detail }] });

const subscriptionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '',
    {
      config: { access: access.admin },
      schema: {
        tags: ['notices'],
        operationId: 'listSubscriptions',
        summary: 'Who receives which notices over which channel',
        response: { 200: z.array(subscriptionSchema), ...readErrors },
      },
    },
    async () =>
      (await app.db.select().from(subscriptions).orderBy(asc(subscriptions.id))).map(toDto),
  );

  app.post(
    '',
    {
      config: { access: access.admin },
      schema: {
        tags: ['notices'],
        operationId: 'createSubscription',
        summary: 'Subscribe a group, its leads or a person to notices',
        body: newSubscriptionSchema,
        response: { 201: subscriptionSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const input = request.body;
      if ((input.groupId === undefined) === (input.personId === undefined)) {
        throw fieldProblem('/body/groupId', 'name exactly one of groupId and personId');
      }
      if (input.leadsOnly && !input.groupId) {
        throw fieldProblem('/body/leadsOnly', 'leadsOnly applies to a group');
      }
      if ((input.channel === 'webhook') !== (input.webhookId !== undefined)) {
        throw fieldProblem('/body/webhookId', 'the webhook channel needs a webhookId, and only it');
      }
      const created = await app.db.transaction(async (tx) => {
        if (input.personId) {
          const [p] = await tx
            .select({ id: people.id })
            .from(people)
            .where(eq(people.id, input.personId));
          if (!p) throw unknownReference('/body/personId', 'person', input.personId);
        }
        if (input.webhookId) {
          const [w] = await tx
            .select({ id: webhooks.id })
            .from(webhooks)
            .where(eq(webhooks.id, input.webhookId));
          if (!w) throw unknownReference('/body/webhookId', 'webhook', input.webhookId);
        }
        const [row] = await tx
          .insert(subscriptions)
          .values({
            groupId: input.groupId ?? null,
            leadsOnly: input.leadsOnly,
            personId: input.personId ?? null,
            kinds: input.kinds,
            channel: input.channel,
            webhookId: input.webhookId ?? null,
            active: input.active,
          })
          .returning();
        await recordAudit(tx, auditContextOf(request), {
          action: 'subscription.create',
          entity: 'subscription',
          entityId: row!.id,
          after: toDto(row!),
        });
        return row!;
      });
      return reply.code(201).send(toDto(created));
    },
  );

  app.patch(
    '/:subscriptionId',
    {
      config: { access: access.admin },
      schema: {
        tags: ['notices'],
        operationId: 'updateSubscription',
        summary: 'Change a subscription’s notice kinds, or pause it',
        params,
        body: subscriptionPatchSchema,
        response: { 200: subscriptionSchema, ...writeErrors },
      },
    },
    async (request) => {
      const id = request.params.subscriptionId;
      return app.db.transaction(async (tx) => {
        const [before] = await tx
          .select()
          .from(subscriptions)
          .where(eq(subscriptions.id, id))
          .for('update');
        if (!before) throw notFound('Subscription', id);
        const [after] = await tx
          .update(subscriptions)
          .set({
            kinds: request.body.kinds ?? before.kinds,
            active: request.body.active ?? before.active,
          })
          .where(eq(subscriptions.id, id))
          .returning();
        await recordAudit(tx, auditContextOf(request), {
          action: 'subscription.update',
          entity: 'subscription',
          entityId: id,
          before: toDto(before),
          after: toDto(after!),
        });
        return toDto(after!);
      });
    },
  );

  app.delete(
    '/:subscriptionId',
    {
      config: { access: access.admin },
      schema: {
        tags: ['notices'],
        operationId: 'deleteSubscription',
        summary: 'Remove a subscription',
        params,
        response: { 204: z.null(), ...writeErrors },
      },
    },
    async (request, reply) => {
      const id = request.params.subscriptionId;
      await app.db.transaction(async (tx) => {
        const [before] = await tx.select().from(subscriptions).where(eq(subscriptions.id, id));
        if (!before) throw notFound('Subscription', id);
        await tx.delete(subscriptions).where(eq(subscriptions.id, id));
        await recordAudit(tx, auditContextOf(request), {
          action: 'subscription.delete',
          entity: 'subscription',
          entityId: id,
          before: toDto(before),
        });
      });
      return reply.code(204).send(null);
    },
  );
};

export default subscriptionRoutes;
