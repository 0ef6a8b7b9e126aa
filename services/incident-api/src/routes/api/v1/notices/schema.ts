import { z } from 'zod';

const instant = z.string().describe('ISO 8601, UTC.');
const id = z.coerce.number().int().positive();

export const deliveryAttemptSchema = z
  .object({
    at: instant,
    ok: z.boolean(),
    statusCode: z.number().int().nullable(),
    error: z.string().nullable(),
    durationMs: z.number().int(),
  })
  .meta({ id: 'DeliveryAttempt' });

export const deliverySchema = z
  .object({
    id: z.number().int(),
    deliveryId: z.string().describe('Sent with every attempt: receivers de-duplicate on it.'),
    noticeId: z.number().int().nullable(),
    channel: z.enum(['email', 'webhook']),
    target: z.string().describe('The webhook id, or the e-mail address.'),
    status: z.enum(['pending', 'delivered', 'dead']),
    attempts: z.number().int(),
    nextAttemptAt: instant,
    lastError: z.string().nullable(),
    deliveredAt: instant.nullable(),
    createdAt: instant,
    log: z.array(deliveryAttemptSchema).describe('Every attempt, oldest first.'),
  })
  .meta({ id: 'Delivery' });

export const noticeSchema = z
  .object({
    id: z.number().int(),
    incidentId: z.number().int(),
    key: z.string().describe('threshold:75, p1:leaders…: written once per incident.'),
    kind: z.enum(['warning', 'breach', 'priority_alert']),
    percent: z.number().int().nullable(),
    dueAt: instant.describe('When the notice fell due.'),
    createdAt: instant.describe('When the runner wrote it.'),
    audience: z.array(z.string()),
    holdingGroup: z.string().nullable(),
    priority: z.string(),
    notified: z.array(z.string()).describe('People who got it in the app.'),
    deliveries: z.array(deliverySchema).describe('E-mails and webhooks, with their delivery log.'),
  })
  .meta({ id: 'Notice' });

export const noticesQuerySchema = z.object({ incidentId: id });

export const outboxQuerySchema = z.object({
  status: z.enum(['pending', 'delivered', 'dead']).default('dead'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const outboxParams = z.object({ outboxId: id });

export const notificationSchema = z
  .object({
    id: z.number().int(),
    noticeId: z.number().int().nullable(),
    incidentId: z.number().int().nullable(),
    title: z.string(),
    body: z.string(),
    createdAt: instant,
    readAt: instant.nullable(),
  })
  .meta({ id: 'Notification' });

export const notificationsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const notificationListSchema = z
  .object({
    unread: z.number().int().describe('How many are unread in all.'),
    items: z.array(notificationSchema).describe('Unread first, then newest first.'),
  })
  .meta({ id: 'NotificationList' });

export const notificationParams = z.object({ notificationId: id });

export const readAllSchema = z.object({ marked: z.number().int() }).meta({ id: 'ReadAll' });
