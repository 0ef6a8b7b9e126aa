/**
 * Notices by e-mail over SMTP (nodemailer): UTF-8 subject and bodies, plain text with an HTML
 * alternative. One transport per process, pooled, from SMTP_URL.
 */
import { createTransport } from 'nodemailer';
import type { AppConfig } from '../config.js';
import { describeError, elapsedSince, type DeliveryResult } from './result.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Becomes the Message-ID, so a re-sent mail is recognisably the same message. */
  deliveryId: string;
}

export interface Mailer {
  send(mail: MailMessage): Promise<DeliveryResult>;
  /** Closes the pooled SMTP connections. */
  close(): void;
}

export interface MailerOptions {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465`. */
  url: string;
  /** `OVMS 应急平台 <ovms@example.com>` */
  from: string;
  /** Per message: connecting, greeting and the whole send; 20 s by default. */
  timeoutMs?: number;
}

export const DEFAULT_MAIL_TIMEOUT_MS = 20_000;

/** The domain of the From address, for Message-IDs (`<outbox-12@example.com>`). */
function domainOf(from: string): string {
  const address = /<([^>]+)>\s*$/.exec(from)?.[1] ?? from;
  const domain = address.split('@').pop()?.trim();
  return domain && /^[\w.-]+$/.test(domain) ? domain : 'ovms.invalid';
}

/**
 * A mailer over the SMTP server of `options.url`. Sending never throws: refusals, timeouts and
 * connection errors come back as `ok: false`; `statusCode` is the SMTP reply code.
 */
export function createMailer(options: MailerOptions): Mailer {
  const timeoutMs = options.timeoutMs ?? DEFAULT_MAIL_TIMEOUT_MS;
  const transport = createTransport({
    url: options.url,
    pool: true,
    maxConnections: 3,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  const messageDomain = domainOf(options.from);

  return {
    async send(mail) {
      const startedAt = performance.now();
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          ...(mail.html === undefined ? {} : { html: mail.html }),
          messageId: `<${mail.deliveryId}@${messageDomain}>`,
          headers: { 'X-OVMS-Delivery': mail.deliveryId },
          // Our HTML never links files or URLs to embed; refuse them should a payload try.
          disableFileAccess: true,
          disableUrlAccess: true,
          signal: AbortSignal.timeout(timeoutMs),
        });
        const statusCode = Number(/^\d{3}/.exec(info.response ?? '')?.[0]) || undefined;
        const durationMs = elapsedSince(startedAt);
        if (info.rejected.length > 0) {
          return {
            ok: false,
            ...(statusCode === undefined ? {} : { statusCode }),
            error: `the SMTP server refused the recipient: ${info.response ?? ''}`.trim(),
            retryable: false,
            durationMs,
          };
        }
        return { ok: true, ...(statusCode === undefined ? {} : { statusCode }), durationMs };
      } catch (error) {
        const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
        const reply = typeof responseCode === 'number' ? responseCode : undefined;
        return {
          ok: false,
          ...(reply === undefined ? {} : { statusCode: reply }),
          error: code === 'EABORT' ? `timed out after ${timeoutMs} ms` : describeError(error),
          // A 5xx refusal of the recipient is permanent (RFC 5321 §4.2.1): no retry mends it.
          ...(code === 'EENVELOPE' && reply !== undefined && reply >= 500
            ? { retryable: false }
            : {}),
          durationMs: elapsedSince(startedAt),
        };
      }
    },
    close() {
      transport.close();
    },
  };
}

/**
 * The mailer of the service's configuration; `undefined`, with a log line saying so, when
 * SMTP_URL is unset. SMTP_URL without SMTP_FROM stops the boot: mail without a sender the
 * receivers accept is a silent loss.
 */
export function mailerFromConfig(
  config: Pick<AppConfig, 'SMTP_URL' | 'SMTP_FROM'>,
  log: { info: (message: string) => void },
): Mailer | undefined {
  if (config.SMTP_URL === undefined) {
    log.info('E-mail delivery is disabled: SMTP_URL is not set (e-mail notices will fail).');
    return undefined;
  }
  if (config.SMTP_FROM === undefined) {
    throw new Error('SMTP_FROM must be set when SMTP_URL is set (the From of notice mails).');
  }
  return createMailer({ url: config.SMTP_URL, from: config.SMTP_FROM });
}
