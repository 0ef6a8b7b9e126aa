/**
 * Notices and their delivery: an incident's notices with their delivery log, the dead letters
 * and their manual re-send (admins), the bell (my in-app notifications), and the live event
 * stream of the SPA (Server-Sent Events fed by the event bus, across processes).
 */
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordAudit } from '../../../../domain/audit.js';
import { findIncidentRow } from '../../../../domain/incidents/queries.js';
import { access } from '../../../../domain/identity/access.js';
import { canSee, type Viewer } from '../../../../domain/identity/visibility.js';
import { EventBus, type BusEvent } from '../../../../events/bus.js';
import { Problem, notFound } from '../../../../lib/problem.js';
import { auditContextOf } from '../../../../lib/request-context.js';
import {
  problemResponse,
  readErrors,
  serverErrors,
  writeErrors,
} from '../../../../lib/responses.js';
import {
  findDelivery,
  listNotices,
  listNotifications,
  listOutbox,
  markAllNotificationsRead,
  markNotificationRead,
  requeueDelivery,
} from './queries.js';
import {
  deliverySchema,
  noticeSchema,
  noticesQuerySchema,
  notificationListSchema,
  notificationParams,
  notificationsQuerySchema,
  outboxParams,
  outboxQuerySchema,
  readAllSchema,
} from './schema.js';

/** A comment line this often keeps proxies from closing a quiet stream. */
export const HEARTBEAT_MS = 15_000;

const accessErrors = { 401: problemResponse, 403: problemResponse } as const;

/** What of an event the viewer may see: nothing about incidents they cannot see. */
export function eventFor(viewer: Viewer & { id: string }, event: BusEvent) {
  if (event.type === 'notifications.created') {
    return event.personIds.includes(viewer.id)
      ? { type: event.type, incidentId: event.incidentId }
      : undefined;
  }
  if (!canSee(viewer, event)) return undefined;
  const { reporterOrganisation: _org, visibleTo: _visible, ...rest } = event;
  return rest;
}

const noticeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/notices',
    {
      config: { access: access.readIncidents },
      schema: {
        tags: ['notices'],
        operationId: 'listNotices',
        summary: 'An incident’s notices (warnings, breach, P1 alert) with their delivery log',
        querystring: noticesQuerySchema,
        response: { 200: z.array(noticeSchema), ...accessErrors, ...readErrors },
      },
    },
    async (request) => {
      const { incidentId } = request.query;
      const row = await findIncidentRow(app.db, incidentId);
      const viewer = request.actor!;
      if (!row || !canSee(viewer, row)) throw notFound('Incident', incidentId);
      const list = await listNotices(app.db, incidentId);
      // A reporter sees that the team was told, not who nor at which address.
      if (viewer.groups.every((g) => g === 'reporters')) {
        return list.map((n) => ({ ...n, notified: [], deliveries: [] }));
      }
      return list;
    },
  );

  app.get(
    '/outbox',
    {
      config: { access: access.admin },
      schema: {
        tags: ['notices'],
        operationId: 'listDeliveries',
        summary:
          'E-mails and webhooks owed, by status (the dead letters by default), with their log',
        querystring: outboxQuerySchema,
        response: { 200: z.array(deliverySchema), ...accessErrors, ...readErrors },
      },
    },
    (request) => listOutbox(app.db, request.query.status, request.query.limit),
  );

  app.post(
    '/outbox/:outboxId/resend',
    {
      config: { access: access.admin },
      schema: {
        tags: ['notices'],
        operationId: 'resendDelivery',
        summary: 'Send a delivery again: back to pending, attempts reset, due now',
        params: outboxParams,
        response: { 200: deliverySchema, ...writeErrors },
      },
    },
    async (request) => {
      const id = request.params.outboxId;
      await app.db.transaction(async (tx) => {
        const before = await requeueDelivery(tx, id, app.now());
        if (!before) throw notFound('Delivery', id);
        await recordAudit(tx, auditContextOf(request), {
          action: 'delivery.resend',
          entity: 'delivery',
          entityId: id,
          before: { status: before.status, attempts: before.attempts, lastError: before.lastError },
          after: { status: 'pending', attempts: 0 },
        });
      });
      return (await findDelivery(app.db, id))!;
    },
  );

  app.get(
    '/notifications',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['notices'],
        operationId: 'listMyNotifications',
        summary: 'My in-app notifications, unread first',
        querystring: notificationsQuerySchema,
        response: { 200: notificationListSchema, ...accessErrors, ...readErrors },
      },
    },
    (request) => listNotifications(app.db, request.actor!.id, request.query.limit),
  );

  app.post(
    '/notifications/:notificationId/read',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['notices'],
        operationId: 'markNotificationRead',
        summary: 'Mark one of my notifications read',
        params: notificationParams,
        response: { 204: z.null().describe('Marked read'), ...writeErrors },
      },
    },
    async (request, reply) => {
      const { notificationId } = request.params;
      const mine = await markNotificationRead(app.db, request.actor!.id, notificationId, app.now());
      if (!mine) throw notFound('Notification', notificationId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/notifications/read-all',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['notices'],
        operationId: 'markAllNotificationsRead',
        summary: 'Mark all my notifications read',
        response: { 200: readAllSchema, ...writeErrors },
      },
    },
    async (request) => ({
      marked: await markAllNotificationsRead(app.db, request.actor!.id, app.now()),
    }),
  );

  const bus = new EventBus(app.database, (err) => app.log.error({ err }, 'event bus'));
  const streams = new Set<ServerResponse>();
  // Open streams would hold the server's close forever: end them first.
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });
  app.addHook('onClose', () => bus.close());

  app.get(
    '/events',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['notices'],
        operationId: 'streamEvents',
        summary: 'Live events for the SPA (Server-Sent Events): incident changes, notices, my bell',
        description:
          'A text/event-stream: `event: incident.changed | notice.created | ' +
          'notifications.created`, `data:` a JSON object; only events about incidents the viewer ' +
          `may see. A comment line every ${HEARTBEAT_MS / 1000} s. Send Accept: text/event-stream.`,
        response: {
          200: {
            description: 'The event stream',
            content: { 'text/event-stream': { schema: z.string() } },
          },
          ...accessErrors,
          406: problemResponse,
          ...serverErrors,
        },
      },
    },
    async (request, reply) => {
      if (!(request.headers.accept ?? '').includes('text/event-stream')) {
        throw new Problem(
          406,
          'not-acceptable',
          'Not acceptable',
          'This is a Server-Sent Events stream: send Accept: text/event-stream (EventSource does).',
        );
      }
      const viewer = request.actor!;
      const stream = reply.raw;
      reply.hijack();
      stream.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      streams.add(stream);
      let unsubscribe: () => Promise<void>;
      try {
        unsubscribe = await bus.subscribe((event) => {
          const visible = eventFor(viewer, event);
          if (visible) stream.write(`event: ${visible.type}\ndata: ${JSON.stringify(visible)}\n\n`);
        });
      } catch (err) {
        // Headers are sent: the client sees the stream end and reconnects after `retry`.
        request.log.error({ err }, 'event stream: cannot listen');
        streams.delete(stream);
        stream.end('retry: 3000\n\n');
        return;
      }
      const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), HEARTBEAT_MS);
      const end = () => {
        clearInterval(heartbeat);
        streams.delete(stream);
        void unsubscribe();
      };
      stream.on('close', end);
      if (stream.destroyed) end();
      // Subscribed: from here on the client misses nothing committed.
      stream.write('retry: 3000\n: listening\n\n');
    },
  );
};

export default noticeRoutes;
