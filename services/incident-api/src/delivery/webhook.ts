/**
 * Notices posted to webhooks: a generic signed JSON receiver, and the group robots of WeCom
 * (企业微信), DingTalk (钉钉) and Feishu (飞书) in their public message formats.
 *
 * Formats and signing follow the vendors' own documentation (read 2026-11-26):
 * - WeCom: 群机器人配置说明, https://developer.work.weixin.qq.com/document/path/91770
 *   (`{ msgtype: 'markdown', markdown: { content } }`, content at most 4096 bytes of UTF-8; no
 *   signing, the robot's key is in its URL; answers `{ errcode: 0, errmsg: 'ok' }`).
 * - DingTalk: 自定义机器人接入, https://open.dingtalk.com/document/group/custom-robot-access, and
 *   自定义机器人安全设置 (加签), https://open.dingtalk.com/document/robots/customize-robot-security-settings
 *   (`{ msgtype: 'markdown', markdown: { title, text } }`; with a secret, `timestamp` in ms and
 *   `sign = urlEncode(base64(HmacSHA256(key = secret, message = timestamp + "\n" + secret)))` as
 *   query parameters, within an hour of DingTalk's clock; answers `{ errcode: 0, errmsg: 'ok' }`,
 *   310000 for a bad signature).
 * - Feishu: 自定义机器人使用指南, https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot,
 *   and its message card reference (`msg_type: 'interactive'` with a `card` of `header` and
 *   `elements`); with a secret, `timestamp` in seconds as a string and
 *   `sign = base64(HmacSHA256(key = timestamp + "\n" + secret, message = ""))` in the body, within
 *   an hour; answers `{ code: 0, msg: 'success' }`, code 19021 for a bad signature.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NoticePayload } from './message.js';
import { describeError, elapsedSince, type DeliveryResult } from './result.js';

export const WEBHOOK_KINDS = ['generic', 'wecom', 'dingtalk', 'feishu'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

/** A row of the `webhooks` table, as far as delivery needs it. */
export interface WebhookRow {
  id: string;
  name: string;
  kind: WebhookKind;
  url: string;
  /** HMAC key of generic receivers, DingTalk and Feishu; `null`: requests go unsigned. */
  secret: string | null;
  active?: boolean;
}

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  /** The exact bytes sent (and signed, for generic receivers). */
  body: string;
}

export interface WebhookContext {
  /** Receivers de-duplicate on it: the same for every attempt of one outbox row. */
  deliveryId: string;
  /** Signing time (the worker's injected clock). */
  now: Date;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
/** Receivers of generic webhooks should refuse signatures older (or newer) than this. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;
const WECOM_MARKDOWN_MAX_BYTES = 4096;

export const DELIVERY_HEADER = 'X-OVMS-Delivery';
export const TIMESTAMP_HEADER = 'X-OVMS-Timestamp';
export const SIGNATURE_HEADER = 'X-OVMS-Signature';

/**
 * The signature of a generic webhook: `sha256=` and the hex HMAC-SHA256, keyed with the webhook's
 * secret, of `${timestamp}.${rawBody}`, the timestamp being the `X-OVMS-Timestamp` header (unix
 * seconds) and the raw body the request's bytes as received (before any JSON parsing).
 *
 * @example
 * signGenericWebhook('s3cret', 1764147600, '{"id":"outbox-1"}');
 * // 'sha256=…64 hex digits…'
 */
export function signGenericWebhook(
  secret: string,
  timestampSeconds: number | string,
  rawBody: string | Buffer,
): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.`).update(rawBody);
  return `sha256=${mac.digest('hex')}`;
}

export type SignatureCheck =
  { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'expired' | 'mismatch' };

/**
 * What a receiver of generic webhooks runs on each request: the signature must match the raw body
 * and the timestamp must lie within the tolerance of the receiver's clock (replays of an old
 * request fail). Compares in constant time.
 *
 * @example
 * verifyGenericWebhook({
 *   secret, rawBody, now: new Date(),
 *   timestamp: req.headers['x-ovms-timestamp'], signature: req.headers['x-ovms-signature'],
 * }); // { ok: true }
 */
export function verifyGenericWebhook(input: {
  secret: string;
  rawBody: string | Buffer;
  timestamp: string | string[] | undefined;
  signature: string | string[] | undefined;
  now: Date;
  toleranceSeconds?: number;
}): SignatureCheck {
  const { timestamp, signature } = input;
  if (typeof timestamp !== 'string' || typeof signature !== 'string') {
    return { ok: false, reason: 'missing' };
  }
  if (!/^\d{1,12}$/.test(timestamp) || !/^sha256=[0-9a-f]{64}$/.test(signature)) {
    return { ok: false, reason: 'malformed' };
  }
  const tolerance = input.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  if (Math.abs(input.now.getTime() / 1000 - Number(timestamp)) > tolerance) {
    return { ok: false, reason: 'expired' };
  }
  const expected = Buffer.from(signGenericWebhook(input.secret, timestamp, input.rawBody));
  return timingSafeEqual(expected, Buffer.from(signature))
    ? { ok: true }
    : { ok: false, reason: 'mismatch' };
}

/** DingTalk's `sign` before URL encoding: base64 HMAC-SHA256 keyed with the secret. */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** Feishu's `sign`: the HMAC is keyed with `timestamp\nsecret` and signs the empty message. */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/** Cuts UTF-8 text to at most `maxBytes` bytes on a character boundary, marking the cut. */
function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const marker = '…';
  let bytes = Buffer.byteLength(marker);
  let out = '';
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    out += char;
  }
  return out + marker;
}

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'user-agent': 'ovms-incident-api',
};

/** The request a notice makes to a webhook of any kind: pure, so tests can look at it. */
export function buildWebhookRequest(
  webhook: WebhookRow,
  payload: NoticePayload,
  context: WebhookContext,
): WebhookRequest {
  const { message, notice } = payload;
  const headers: Record<string, string> = {
    ...JSON_HEADERS,
    [DELIVERY_HEADER]: context.deliveryId,
  };
  switch (webhook.kind) {
    case 'generic': {
      const seconds = Math.floor(context.now.getTime() / 1000);
      const body = JSON.stringify({
        id: context.deliveryId,
        type: 'notice',
        occurredAt: notice.dueAt,
        notice: payload.notice,
        incident: payload.incident,
        message,
      });
      headers[TIMESTAMP_HEADER] = String(seconds);
      if (webhook.secret)
        headers[SIGNATURE_HEADER] = signGenericWebhook(webhook.secret, seconds, body);
      return { url: webhook.url, headers, body };
    }
    case 'wecom': {
      const content = truncateUtf8(message.markdown, WECOM_MARKDOWN_MAX_BYTES);
      return {
        url: webhook.url,
        headers,
        body: JSON.stringify({ msgtype: 'markdown', markdown: { content } }),
      };
    }
    case 'dingtalk': {
      const url = new URL(webhook.url);
      if (webhook.secret) {
        const ms = context.now.getTime();
        // URLSearchParams percent-encodes the base64's `+`, `/` and `=`: the doc's urlEncode.
        url.searchParams.set('timestamp', String(ms));
        url.searchParams.set('sign', dingtalkSign(webhook.secret, ms));
      }
      // DingTalk's Markdown joins single line breaks into one paragraph; blank lines keep rows apart.
      const text = message.markdown.replace(/\n+/g, '\n\n');
      return {
        url: url.toString(),
        headers,
        body: JSON.stringify({ msgtype: 'markdown', markdown: { title: message.subject, text } }),
      };
    }
    case 'feishu': {
      const seconds = Math.floor(context.now.getTime() / 1000);
      const signature = webhook.secret
        ? { timestamp: String(seconds), sign: feishuSign(webhook.secret, seconds) }
        : {};
      const card = {
        config: { wide_screen_mode: true },
        header: {
          template: notice.kind === 'warning' ? 'orange' : 'red',
          title: { tag: 'plain_text', content: message.subject },
        },
        elements: [
          { tag: 'div', text: { tag: 'lark_md', content: message.markdown } },
          {
            tag: 'action',
            actions: [
              {
                tag: 'button',
                type: 'primary',
                text: { tag: 'plain_text', content: '查看事件 Open incident' },
                url: message.link,
              },
            ],
          },
        ],
      };
      return {
        url: webhook.url,
        headers,
        body: JSON.stringify({ ...signature, msg_type: 'interactive', card }),
      };
    }
  }
}

const VENDOR_NAMES: Record<Exclude<WebhookKind, 'generic'>, string> = {
  wecom: 'WeCom',
  dingtalk: 'DingTalk',
  feishu: 'Feishu',
};

/**
 * The robots answer 200 also when they refuse a message; their JSON says why. `undefined`: sent.
 */
function robotRefusal(kind: Exclude<WebhookKind, 'generic'>, body: string): string | undefined {
  const vendor = VENDOR_NAMES[kind];
  let answer: unknown;
  try {
    answer = JSON.parse(body);
  } catch {
    return `${vendor} answered 200 without its JSON result: ${snippet(body)}`;
  }
  if (typeof answer !== 'object' || answer === null) {
    return `${vendor} answered 200 without its JSON result: ${snippet(body)}`;
  }
  const fields = answer as Record<string, unknown>;
  if (kind === 'feishu') {
    // `StatusCode` is the field of Feishu's older answers, kept alongside `code` for compatibility.
    const code = fields.code ?? fields.StatusCode;
    const msg = fields.msg ?? fields.StatusMessage;
    return code === 0 ? undefined : `${vendor} code ${String(code)}: ${String(msg ?? '')}`.trim();
  }
  return fields.errcode === 0
    ? undefined
    : `${vendor} errcode ${String(fields.errcode)}: ${String(fields.errmsg ?? '')}`.trim();
}

function snippet(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty body)';
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/**
 * Posts a notice to a webhook. Network errors, timeouts, redirects, non-2xx answers and robots'
 * refusals (errcode/code ≠ 0) come back as `ok: false` with the reason; it never throws for them.
 */
export async function sendWebhook(
  webhook: WebhookRow,
  payload: NoticePayload,
  context: WebhookContext & { timeoutMs?: number },
): Promise<DeliveryResult> {
  const startedAt = performance.now();
  const timeoutMs = context.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  let statusCode: number | undefined;
  if (!/^https?:$/.test(URL.parse(webhook.url)?.protocol ?? '')) {
    // fetch's own message would quote the URL, and robots' URLs hold their keys.
    return {
      ok: false,
      error: 'the webhook URL is not an http(s) URL',
      retryable: false,
      durationMs: 0,
    };
  }
  try {
    const request = buildWebhookRequest(webhook, payload, context);
    const signal = AbortSignal.timeout(timeoutMs);
    // A redirect would replay a signed request somewhere the admin did not register: refused.
    const response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal,
    });
    statusCode = response.status;
    const body = await response.text();
    const durationMs = elapsedSince(startedAt);
    if (response.status < 200 || response.status > 299) {
      return {
        ok: false,
        statusCode,
        error: `HTTP ${response.status}: ${snippet(body)}`,
        durationMs,
      };
    }
    const refusal = webhook.kind === 'generic' ? undefined : robotRefusal(webhook.kind, body);
    return refusal === undefined
      ? { ok: true, statusCode, durationMs }
      : { ok: false, statusCode, error: refusal, durationMs };
  } catch (error) {
    const durationMs = elapsedSince(startedAt);
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return {
      ok: false,
      ...(statusCode === undefined ? {} : { statusCode }),
      error: timedOut ? `timed out after ${timeoutMs} ms` : describeError(error),
      durationMs,
    };
  }
}
