/**
 * /api/v1/webhooks: the group robots (WeCom, DingTalk, Feishu) and generic receivers notices are
 * posted to. The signing secret is write-only: the API says whether one is set, never what it is.
 */
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { webhooks } from '../../../../db/schema.js';
import { buildNoticePayload, sendWebhook } from '../../../../delivery/index.js';
import { recordAudit } from '../../../../domain/audit.js';
import { access } from '../../../../domain/identity/access.js';
import { Problem, notFound } from '../../../../lib/problem.js';
import { auditContextOf } from '../../../../lib/request-context.js';
import { readErrors, writeErrors } from '../../../../lib/responses.js';

export const WEBHOOK_KINDS = ['generic', 'wecom', 'dingtalk', 'feishu'] as const;

const webhookIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, - and _ (at most 64)');

const webhookSchema = z
  .object({
    id: webhookIdSchema,
    name: z.string(),
    kind: z.enum(WEBHOOK_KINDS),
    url: z.string(),
    hasSecret: z.boolean().describe('Whether deliveries are signed; the secret is never returned.'),
    active: z.boolean(),
  })
  .meta({ id: 'Webhook' });

const httpUrl = z
  .url({ protocol: /^https?$/ })
  .max(2_000)
  .describe(
    'The receiver: a robot URL (WeCom key / DingTalk access_token in it) or your endpoint.',
  );

const newWebhookSchema = z
  .object({
    id: webhookIdSchema,
    name: z.string().trim().min(1).max(200),
    kind: z.enum(WEBHOOK_KINDS),
    url: httpUrl,
    secret: z
      .string()
      .min(8)
      .max(500)
      .optional()
      .describe('HMAC signing secret (generic, DingTalk, Feishu).'),
    active: z.boolean().default(true),
  })
  .meta({ id: 'NewWebhook' });

const webhookPatchSchema = newWebhookSchema
  .omit({ id: true })
  .partial()
  .extend({ secret: z.string().min(8).max(500).nullable().optional() })
  .meta({ id: 'WebhookPatch' });

const params = z.object({ webhookId: webhookIdSchema });

const webhookTestResultSchema = z
  .object({
    delivered: z
      .boolean()
      .describe('Whether the receiver took the sample notice (2xx, and a robot’s errcode/code 0).'),
    status: z.number().int().optional().describe('The HTTP status the receiver answered.'),
    durationMs: z.number().int().describe('How long the attempt took.'),
    error: z
      .string()
      .optional()
      .describe('Why it failed, as the delivery log would say it; never the URL or the secret.'),
  })
  .meta({ id: 'WebhookTestResult' });

/** A test waits at most this long for the receiver: the admin is waiting for the answer. */
export const WEBHOOK_TEST_TIMEOUT_MS = 5_000;

type WebhookRow = typeof webhooks.$inferSelect;

/** A made-up P3 warning at 75 %, clearly marked as a test, rendered like every notice. */
function sampleNotice(now: Date, publicUrl: string) {
  return buildNoticePayload({
    notice: { id: 0, key: 'test', kind: 'warning', percent: 75, dueAt: now },
    incident: {
      id: 0,
      title: '通知推送测试，无需处理 Test notice, nothing to do',
      priority: 'P3',
      status: 'triage',
      holderGroup: 'desk',
      reporterOrganisation: 'OVMS',
      sla: {
        spentMinutes: 90,
        leftMinutes: 30,
        targetMinutes: 120,
        dueAt: new Date(now.getTime() + 30 * 60_000).toISOString(),
      },
    },
    publicUrl,
  });
}
const toDto = (w: WebhookRow) => ({
  id: w.id,
  name: w.name,
  kind: w.kind,
  url: w.url,
  hasSecret: w.secret !== null,
  active: w.active,
});

const webhookRoutes: FastifyPluginAsyncZod = async (app) => {
  const find = async (id: string) =>
    (await app.db.select().from(webhooks).where(eq(webhooks.id, id)))[0];

  app.get(
    '',
    {
      config: { access: access.admin },
      schema: {
        tags: ['notices'],
        operationId: 'listWebhooks',
        summary: 'List webhooks and group robots',
        response: { 200: z.array(webhookSchema), ...readErrors },
      },
    },
    async () => (await app.db.select().from(webhooks).orderBy(asc(webhooks.id))).map(toDto),
  );

  app.post(
    '',
    {
      config: { access: access.admin },
      schema: {
        tags: ['notices'],
        operationId: 'createWebhook',
        summary: 'Register a webhook or group robot',
        body: newWebhookSchema,
        response: { 201: webhookSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const { secret, ...rest } = request.body;
      const created = await app.db.transaction(async (tx) => {
        const [exists] = await tx
          .select({ id: webhooks.id })
          .from(webhooks)
          .where(eq(webhooks.id, rest.id));
        if (exists)
          throw new Problem(409, 'conflict', 'Conflict', `Webhook ${rest.id} already exists.`);
        const [row] = await tx
          .insert(webhooks)
          .values({ ...rest, secret: secret ?? null })
          .returning();
        await recordAudit(tx, auditContextOf(request), {
          action: 'webhook.create',
          entity: 'webhook',
          entityId: rest.id,
          after: toDto(row!),
        });
        return row!;
      });
      return reply.code(201).send(toDto(created));
    },
  );

  app.patch(
    '/:webhookId',
    {
      config: { access: access.admin },
      schema: {
        tags: ['notices'],
        operationId: 'updateWebhook',
        summary: 'Change a webhook (URL, secret — null removes it —, active)',
        params,
        body: webhookPatchSchema,
        response: { 200: webhookSchema, ...writeErrors },
      },
    },
    async (request) => {
      const { webhookId } = request.params;
      return app.db.transaction(async (tx) => {
        const [before] = await tx
          .select()
          .from(webhooks)
          .where(eq(webhooks.id, webhookId))
          .for('update');
        if (!before) throw notFound('Webhook', webhookId);
        const [after] = await tx
          .update(webhooks)
          .set({ ...before, ...request.body, id: webhookId })
          .where(eq(webhooks.id, webhookId))
          .returning();
        await recordAudit(tx, auditContextOf(request), {
          action: 'webhook.update',
          entity: 'webhook',
          entityId: webhookId,
          before: toDto(before),
          after: toDto(after!),
        });
        return toDto(after!);
      });
    },
  );

  app.delete(
    '/:webhookId',
    {
      config: { access: access.admin },
      schema: {
        tags: ['notices'],
        operationId: 'deleteWebhook',
        summary: 'Remove a webhook and the subscriptions that post to it',
        params,
        response: { 204: z.null(), ...writeErrors },
      },
    },
    async (request, reply) => {
      const { webhookId } = request.params;
      const before = await find(webhookId);
      if (!before) throw notFound('Webhook', webhookId);
      await app.db.transaction(async (tx) => {
        await tx.delete(webhooks).where(eq(webhooks.id, webhookId));
        await recordAudit(tx, auditContextOf(request), {
          action: 'webhook.delete',
          entity: 'webhook',
          entityId: webhookId,
          before: toDto(before),
        });
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/:webhookId/test',
    {
      config: { access: access.admin },
      schema: {
        tags: ['notices'],
        operationId: 'testWebhook',
        summary: 'Send a sample notice to a webhook now and say how the receiver answered',
        description:
          'Posts a made-up warning synchronously, signed and formatted as real notices are (the ' +
          'outbox worker’s own delivery code), waiting at most 5 s. A receiver that fails is a ' +
          'result (`delivered: false`), not an error. An inactive webhook can be tested before it ' +
          'is switched on. Nothing enters the outbox or the delivery log; the audit trail records ' +
          'the test and its result.',
        params,
        response: { 200: webhookTestResultSchema, ...writeErrors },
      },
    },
    async (request) => {
      const { webhookId } = request.params;
      const webhook = await find(webhookId);
      if (!webhook) throw notFound('Webhook', webhookId);
      const now = app.now();
      const outcome = await sendWebhook(webhook, sampleNotice(now, app.config.PUBLIC_URL), {
        deliveryId: `test-${crypto.randomUUID()}`,
        now,
        timeoutMs: WEBHOOK_TEST_TIMEOUT_MS,
      });
      const result = {
        delivered: outcome.ok,
        ...(outcome.statusCode === undefined ? {} : { status: outcome.statusCode }),
        durationMs: outcome.durationMs,
        ...(outcome.ok ? {} : { error: outcome.error }),
      };
      await recordAudit(app.db, auditContextOf(request), {
        action: 'webhook.test',
        entity: 'webhook',
        entityId: webhookId,
        after: result,
      });
      return result;
    },
  );
};

export default webhookRoutes;
