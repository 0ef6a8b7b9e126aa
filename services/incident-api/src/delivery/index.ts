/**
 * Delivery channels for the outbox worker: one call per attempt of one outbox row. No database
 * here: the worker hands over the row and a way to read webhooks, and records the result.
 */
import type { Mailer } from './email.js';
import { noticePayloadSchema } from './message.js';
import type { DeliveryResult } from './result.js';
import { sendWebhook, type WebhookRow } from './webhook.js';

export {
  createMailer,
  DEFAULT_MAIL_TIMEOUT_MS,
  mailerFromConfig,
  type Mailer,
  type MailerOptions,
  type MailMessage,
} from './email.js';
export {
  buildNoticePayload,
  incidentSummarySchema,
  NOTICE_KINDS,
  noticeMessageSchema,
  noticePayloadSchema,
  noticeSummarySchema,
  renderNoticeMessage,
  type IncidentSummary,
  type NoticeKind,
  type NoticeMessage,
  type NoticeMessageInput,
  type NoticePayload,
  type NoticeSummary,
} from './message.js';
export type { DeliveryResult } from './result.js';
export {
  buildWebhookRequest,
  DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
  DEFAULT_WEBHOOK_TIMEOUT_MS,
  DELIVERY_HEADER,
  dingtalkSign,
  feishuSign,
  sendWebhook,
  SIGNATURE_HEADER,
  signGenericWebhook,
  TIMESTAMP_HEADER,
  verifyGenericWebhook,
  WEBHOOK_KINDS,
  type SignatureCheck,
  type WebhookContext,
  type WebhookKind,
  type WebhookRequest,
  type WebhookRow,
} from './webhook.js';

/** An `outbox` row as far as sending goes. */
export interface OutboxItem {
  id: number;
  channel: 'email' | 'webhook';
  /** The webhook id, or the e-mail address. */
  target: string;
  /** A `NoticePayload`, read back from jsonb. */
  payload: unknown;
}

export interface DeliveryDeps {
  /** Reads a webhook by id; `undefined` when it is gone. */
  webhooks: (id: string) => Promise<WebhookRow | undefined>;
  /** Unset when SMTP_URL is: e-mail deliveries then fail (and end in the dead letters). */
  mailer?: Mailer;
  now: () => Date;
  /** Webhook timeout; 10 s by default. */
  webhookTimeoutMs?: number;
}

/**
 * The id receivers de-duplicate on: one per outbox row, the same on every attempt and re-send.
 *
 * @example
 * deliveryIdOf(12); // 'outbox-12'
 */
export function deliveryIdOf(outboxId: number): string {
  return `outbox-${outboxId}`;
}

function failed(error: string): DeliveryResult {
  return { ok: false, error, durationMs: 0 };
}

/**
 * Sends one outbox row over its channel. Never throws: a bad payload, a missing webhook, a
 * disabled mailer or any failure of the receiver is a result with `ok: false` and the reason.
 */
export async function deliver(item: OutboxItem, deps: DeliveryDeps): Promise<DeliveryResult> {
  const parsed = noticePayloadSchema.safeParse(item.payload);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return failed(`invalid payload: ${where.join('; ')}`);
  }
  const payload = parsed.data;
  const deliveryId = deliveryIdOf(item.id);

  switch (item.channel) {
    case 'email': {
      if (deps.mailer === undefined) return failed('e-mail is disabled: SMTP_URL is not set');
      return deps.mailer.send({
        to: item.target,
        subject: payload.message.subject,
        text: payload.message.text,
        ...(payload.message.html === undefined ? {} : { html: payload.message.html }),
        deliveryId,
      });
    }
    case 'webhook': {
      let webhook: WebhookRow | undefined;
      try {
        webhook = await deps.webhooks(item.target);
      } catch (error) {
        return failed(
          `could not read webhook ${item.target}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (webhook === undefined) return failed(`webhook ${item.target} does not exist`);
      if (webhook.active === false) return failed(`webhook ${item.target} is inactive`);
      return sendWebhook(webhook, payload, {
        deliveryId,
        now: deps.now(),
        ...(deps.webhookTimeoutMs === undefined ? {} : { timeoutMs: deps.webhookTimeoutMs }),
      });
    }
    default:
      return failed(`unknown channel ${String((item as { channel: unknown }).channel)}`);
  }
}
