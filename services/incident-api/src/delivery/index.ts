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
  /** Defaults to `deliveryIdOf(id)`. */
  deliveryId?: string;
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

/** A failure on our side, before anything is sent: retrying the same row cannot help. */
function refused(error: string): DeliveryResult {
  return { ok: false, error, retryable: false, durationMs: 0 };
}

/**
 * Sends one outbox row over its channel. Never throws: a bad payload, a missing webhook, a
 * disabled mailer or any failure of the receiver is a result with `ok: false` and the reason;
 * `retryable: false` marks the failures no retry can mend.
 */
export async function deliver(item: OutboxItem, deps: DeliveryDeps): Promise<DeliveryResult> {
  const parsed = noticePayloadSchema.safeParse(item.payload);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return refused(`invalid payload: ${where.join('; ')}`);
  }
  const payload = parsed.data;
  const deliveryId = item.deliveryId ?? deliveryIdOf(item.id);

  switch (item.channel) {
    case 'email': {
      if (deps.mailer === undefined) return refused('e-mail is disabled: SMTP_URL is not set');
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
        // The database hiccupped: worth another attempt.
        const reason = error instanceof Error ? error.message : String(error);
        return {
          ok: false,
          error: `could not read webhook ${item.target}: ${reason}`,
          durationMs: 0,
        };
      }
      if (webhook === undefined) return refused(`webhook ${item.target} does not exist`);
      if (webhook.active === false) return refused(`webhook ${item.target} is inactive`);
      return sendWebhook(webhook, payload, {
        deliveryId,
        now: deps.now(),
        ...(deps.webhookTimeoutMs === undefined ? {} : { timeoutMs: deps.webhookTimeoutMs }),
      });
    }
    default:
      return refused(`unknown channel ${String((item as { channel: unknown }).channel)}`);
  }
}
