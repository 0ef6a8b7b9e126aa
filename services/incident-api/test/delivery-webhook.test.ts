/**
 * Webhooks against a real HTTP server on loopback that answers as each vendor does: it checks
 * the signatures with HMACs computed here (node:crypto, not the module's helpers), the payload
 * shapes of the public formats, and answers with the vendors' result codes.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  buildNoticePayload,
  deliver,
  verifyGenericWebhook,
  type DeliveryDeps,
  type DeliveryResult,
  type NoticePayload,
  type OutboxItem,
  type WebhookKind,
  type WebhookRow,
} from '../src/delivery/index.js';

const errorOf = (r: DeliveryResult) => (r.ok ? undefined : r.error);

const NOW = new Date('2026-11-26T08:00:00.000Z');
const NOW_SECONDS = NOW.getTime() / 1000;

interface Received {
  method: string;
  rawUrl: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  rawBody: string;
}

type Handler = (req: Received, res: ServerResponse) => void;

let server: Server;
let base: string;
let received: Received[] = [];
let handler: Handler;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

// The vendors' receivers, as their documentation describes them.
const WECOM_KEY = 'wecom-key-693a91f6';
const DINGTALK_TOKEN = 'dingtalk-token-1234';
const DINGTALK_SECRET = 'SECdingtalk-secret-+/=';
const FEISHU_HOOK = 'feishu-hook-5e3d587e';
const FEISHU_SECRET = 'feishu-secret-nIMtb7r3';
const GENERIC_SECRET = 'generic-secret-ä-42';

const vendors: Handler = (req, res) => {
  if (req.path === '/generic') {
    res.writeHead(204).end();
  } else if (req.path === '/cgi-bin/webhook/send') {
    if (req.query.get('key') !== WECOM_KEY) {
      json(res, 200, { errcode: 93000, errmsg: 'invalid webhook url' });
      return;
    }
    const body = JSON.parse(req.rawBody) as { msgtype?: string; markdown?: { content?: string } };
    const content = body.markdown?.content ?? '';
    if (body.msgtype !== 'markdown' || content === '') {
      json(res, 200, { errcode: 40008, errmsg: 'invalid message type' });
    } else if (Buffer.byteLength(content) > 4096) {
      json(res, 200, { errcode: 40058, errmsg: 'markdown.content exceed max length 4096' });
    } else {
      json(res, 200, { errcode: 0, errmsg: 'ok' });
    }
  } else if (req.path === '/robot/send') {
    if (req.query.get('access_token') !== DINGTALK_TOKEN) {
      json(res, 200, { errcode: 300001, errmsg: 'token is not exist' });
      return;
    }
    // DingTalk reads `sign` URL-decoded: the raw query must carry it percent-encoded.
    const rawSign = /[?&]sign=([^&]*)/.exec(req.rawUrl)?.[1] ?? '';
    const timestamp = req.query.get('timestamp') ?? '';
    const expected = createHmac('sha256', DINGTALK_SECRET)
      .update(`${timestamp}\n${DINGTALK_SECRET}`)
      .digest('base64');
    const fresh = Math.abs(Number(timestamp) - NOW.getTime()) <= 3_600_000;
    if (!fresh || /[+/=]/.test(rawSign) || decodeURIComponent(rawSign) !== expected) {
      json(res, 200, { errcode: 310000, errmsg: 'sign not match' });
      return;
    }
    json(res, 200, { errcode: 0, errmsg: 'ok' });
  } else if (req.path === `/open-apis/bot/v2/hook/${FEISHU_HOOK}`) {
    const body = JSON.parse(req.rawBody) as { timestamp?: unknown; sign?: unknown };
    const expected = createHmac('sha256', `${String(body.timestamp)}\n${FEISHU_SECRET}`)
      .update(Buffer.alloc(0))
      .digest('base64');
    const fresh =
      typeof body.timestamp === 'string' && Math.abs(Number(body.timestamp) - NOW_SECONDS) <= 3600;
    if (!fresh || body.sign !== expected) {
      json(res, 200, {
        code: 19021,
        msg: 'sign match fail or timestamp is not within one hour from current time',
        data: {},
      });
      return;
    }
    json(res, 200, { code: 0, msg: 'success', data: {} });
  } else {
    res.writeHead(404).end('not found');
  }
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const r: Received = {
        method: req.method ?? '',
        rawUrl: req.url ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        rawBody: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(r);
      handler(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received = [];
  handler = vendors;
});

function payload(title = '竞价页面无法打开'): NoticePayload {
  return buildNoticePayload({
    notice: {
      id: 7,
      key: 'threshold:75',
      kind: 'warning',
      percent: 75,
      dueAt: new Date('2026-11-26T07:59:58Z'),
    },
    incident: {
      id: 12,
      title,
      priority: 'P1',
      status: 'with_system',
      holderGroup: 'system',
      reporterOrganisation: '华南大区',
      sla: { spentMinutes: 90, leftMinutes: 30, targetMinutes: 120, dueAt: '2026-11-26T08:30:00Z' },
    },
    publicUrl: 'https://ovms.example.com',
  });
}

function hooks(): Record<WebhookKind, WebhookRow> {
  return {
    generic: {
      id: 'ops',
      name: '运维平台',
      kind: 'generic',
      url: `${base}/generic`,
      secret: GENERIC_SECRET,
    },
    wecom: {
      id: 'wecom-desk',
      name: '服务台群',
      kind: 'wecom',
      url: `${base}/cgi-bin/webhook/send?key=${WECOM_KEY}`,
      secret: null,
    },
    dingtalk: {
      id: 'ding-leaders',
      name: '领导小组群',
      kind: 'dingtalk',
      url: `${base}/robot/send?access_token=${DINGTALK_TOKEN}`,
      secret: DINGTALK_SECRET,
    },
    feishu: {
      id: 'feishu-vendor',
      name: '厂商群',
      kind: 'feishu',
      url: `${base}/open-apis/bot/v2/hook/${FEISHU_HOOK}`,
      secret: FEISHU_SECRET,
    },
  };
}

function depsFor(row: WebhookRow, extra: Partial<DeliveryDeps> = {}): DeliveryDeps {
  return {
    webhooks: async (id) => (id === row.id ? row : undefined),
    now: () => NOW,
    ...extra,
  };
}

function item(target: string, id = 41, p: unknown = payload()): OutboxItem {
  return { id, channel: 'webhook', target, payload: p };
}

function only(): Received {
  expect(received).toHaveLength(1);
  return received[0] as Received;
}

describe('generic JSON webhook', () => {
  it('posts the notice signed with HMAC-SHA256 over timestamp and raw body', async () => {
    const row = hooks().generic;
    const p = payload();
    const result = await deliver(item(row.id, 41, p), depsFor(row));
    expect(result).toMatchObject({ ok: true, statusCode: 204 });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);

    const req = only();
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(req.headers['x-ovms-delivery']).toBe('outbox-41');
    expect(req.headers['x-ovms-timestamp']).toBe(String(NOW_SECONDS));
    const expected =
      'sha256=' +
      createHmac('sha256', GENERIC_SECRET)
        .update(`${NOW_SECONDS}.${req.rawBody}`, 'utf8')
        .digest('hex');
    expect(req.headers['x-ovms-signature']).toBe(expected);

    expect(JSON.parse(req.rawBody)).toEqual({
      id: 'outbox-41',
      type: 'notice',
      occurredAt: '2026-11-26T07:59:58.000Z',
      notice: p.notice,
      incident: p.incident,
      message: p.message,
    });
  });

  it('uses the delivery id the worker hands over', async () => {
    const row = hooks().generic;
    await deliver({ ...item(row.id, 41), deliveryId: 'outbox-41-resend' }, depsFor(row));
    const req = only();
    expect(req.headers['x-ovms-delivery']).toBe('outbox-41-resend');
    expect(JSON.parse(req.rawBody)).toMatchObject({ id: 'outbox-41-resend' });
  });

  it('sends the same delivery id and body on a retry, signed anew', async () => {
    const row = hooks().generic;
    await deliver(item(row.id), depsFor(row));
    const later = new Date(NOW.getTime() + 90_000);
    await deliver(item(row.id), depsFor(row, { now: () => later }));
    const [first, second] = received as [Received, Received];
    expect(second.headers['x-ovms-delivery']).toBe(first.headers['x-ovms-delivery']);
    expect(second.rawBody).toBe(first.rawBody);
    expect(second.headers['x-ovms-timestamp']).toBe(String(later.getTime() / 1000));
    expect(second.headers['x-ovms-signature']).not.toBe(first.headers['x-ovms-signature']);
  });

  it('is verified by the exported check, which refuses tampering, replays and gaps', async () => {
    const row = hooks().generic;
    await deliver(item(row.id), depsFor(row));
    const req = only();
    const check = (over: Partial<Parameters<typeof verifyGenericWebhook>[0]>) =>
      verifyGenericWebhook({
        secret: GENERIC_SECRET,
        rawBody: req.rawBody,
        timestamp: req.headers['x-ovms-timestamp'],
        signature: req.headers['x-ovms-signature'],
        now: new Date(NOW.getTime() + 2_000),
        ...over,
      });
    expect(check({})).toEqual({ ok: true });
    expect(check({ rawBody: Buffer.from(req.rawBody) })).toEqual({ ok: true });
    expect(check({ rawBody: req.rawBody.replace('P1', 'P4') })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(check({ secret: 'another' })).toEqual({ ok: false, reason: 'mismatch' });
    expect(check({ timestamp: String(NOW_SECONDS + 1) })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(check({ now: new Date(NOW.getTime() + 301_000) })).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(check({ now: new Date(NOW.getTime() + 301_000), toleranceSeconds: 600 })).toEqual({
      ok: true,
    });
    expect(check({ signature: undefined })).toEqual({ ok: false, reason: 'missing' });
    expect(check({ signature: 'sha1=abc' })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('goes unsigned when the webhook has no secret', async () => {
    const row = { ...hooks().generic, secret: null };
    expect((await deliver(item(row.id), depsFor(row))).ok).toBe(true);
    const req = only();
    expect(req.headers['x-ovms-signature']).toBeUndefined();
    expect(req.headers['x-ovms-timestamp']).toBe(String(NOW_SECONDS));
  });
});

describe('WeCom group robot (企业微信)', () => {
  it('posts a markdown message to the robot URL with its key', async () => {
    const row = hooks().wecom;
    const p = payload();
    expect(await deliver(item(row.id), depsFor(row))).toMatchObject({ ok: true, statusCode: 200 });
    const req = only();
    expect(req.query.get('key')).toBe(WECOM_KEY);
    expect(JSON.parse(req.rawBody)).toEqual({
      msgtype: 'markdown',
      markdown: { content: p.message.markdown },
    });
    expect(p.message.markdown).toContain('【P1 预警 75%】#12 竞价页面无法打开');
  });

  it('cuts content to the robot’s 4096 bytes', async () => {
    const row = hooks().wecom;
    const result = await deliver(item(row.id, 41, payload('竞价'.repeat(1500))), depsFor(row));
    expect(result).toMatchObject({ ok: true });
    const content = (JSON.parse(only().rawBody) as { markdown: { content: string } }).markdown
      .content;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4096);
    expect(content.endsWith('…')).toBe(true);
  });

  it('fails on errcode ≠ 0 in a 200 answer', async () => {
    const row = { ...hooks().wecom, url: `${base}/cgi-bin/webhook/send?key=revoked` };
    expect(await deliver(item(row.id), depsFor(row))).toMatchObject({
      ok: false,
      statusCode: 200,
      error: 'WeCom errcode 93000: invalid webhook url',
    });
  });
});

describe('DingTalk robot (钉钉)', () => {
  it('signs with timestamp (ms) and urlencoded base64 HMAC-SHA256 of timestamp\\nsecret', async () => {
    const row = hooks().dingtalk;
    const p = payload();
    expect(await deliver(item(row.id), depsFor(row))).toMatchObject({ ok: true, statusCode: 200 });
    const req = only();
    expect(req.query.get('access_token')).toBe(DINGTALK_TOKEN);
    expect(req.query.get('timestamp')).toBe(String(NOW.getTime()));
    const body = JSON.parse(req.rawBody) as {
      msgtype: string;
      markdown: { title: string; text: string };
    };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.title).toBe(p.message.subject);
    expect(body.markdown.text).toContain('**【P1 预警 75%】#12 竞价页面无法打开**\n\n事件 #12');
    expect(body.markdown.text).toContain('[查看事件 #12](https://ovms.example.com/incidents/12)');
  });

  it('is refused by the robot when the secret is wrong', async () => {
    const row = { ...hooks().dingtalk, secret: 'SECwrong' };
    expect(await deliver(item(row.id), depsFor(row))).toMatchObject({
      ok: false,
      statusCode: 200,
      error: 'DingTalk errcode 310000: sign not match',
    });
  });

  it('is refused when the signature is older than an hour', async () => {
    const row = hooks().dingtalk;
    const stale = new Date(NOW.getTime() - 3_601_000);
    expect(await deliver(item(row.id), depsFor(row, { now: () => stale }))).toMatchObject({
      ok: false,
      error: 'DingTalk errcode 310000: sign not match',
    });
  });

  it('adds no signature without a secret', async () => {
    const row = { ...hooks().dingtalk, secret: null };
    await deliver(item(row.id), depsFor(row));
    const req = only();
    expect(req.query.has('sign')).toBe(false);
    expect(req.query.has('timestamp')).toBe(false);
  });
});

describe('Feishu custom bot (飞书)', () => {
  it('posts an interactive card signed with HMAC-SHA256 keyed by timestamp\\nsecret', async () => {
    const row = hooks().feishu;
    const p = payload();
    expect(await deliver(item(row.id), depsFor(row))).toMatchObject({ ok: true, statusCode: 200 });
    const body = JSON.parse(only().rawBody) as Record<string, unknown>;
    expect(body.timestamp).toBe(String(NOW_SECONDS));
    expect(body.msg_type).toBe('interactive');
    expect(body.card).toEqual({
      config: { wide_screen_mode: true },
      header: { template: 'orange', title: { tag: 'plain_text', content: p.message.subject } },
      elements: [
        { tag: 'div', text: { tag: 'lark_md', content: p.message.markdown } },
        {
          tag: 'action',
          actions: [
            {
              tag: 'button',
              type: 'primary',
              text: { tag: 'plain_text', content: '查看事件 Open incident' },
              url: 'https://ovms.example.com/incidents/12',
            },
          ],
        },
      ],
    });
  });

  it('is refused with code 19021 when the secret is wrong', async () => {
    const row = { ...hooks().feishu, secret: 'wrong' };
    const result = await deliver(item(row.id), depsFor(row));
    expect(result).toMatchObject({ ok: false, statusCode: 200 });
    expect(errorOf(result)).toMatch(/^Feishu code 19021: sign match fail/);
  });

  it('sends neither timestamp nor sign without a secret', async () => {
    const row = { ...hooks().feishu, secret: null };
    handler = (_req, res) => json(res, 200, { code: 0, msg: 'success', data: {} });
    expect((await deliver(item(row.id), depsFor(row))).ok).toBe(true);
    const body = JSON.parse(only().rawBody) as Record<string, unknown>;
    expect(body).not.toHaveProperty('sign');
    expect(body).not.toHaveProperty('timestamp');
  });
});

describe('failures come back as results', () => {
  it('a 500', async () => {
    handler = (_req, res) => res.writeHead(500).end('database unavailable');
    const row = hooks().generic;
    expect(await deliver(item(row.id), depsFor(row))).toMatchObject({
      ok: false,
      statusCode: 500,
      error: 'HTTP 500: database unavailable',
    });
  });

  it('a receiver that does not answer in time', async () => {
    handler = () => undefined;
    const row = hooks().generic;
    const result = await deliver(item(row.id), depsFor(row, { webhookTimeoutMs: 200 }));
    expect(result).toMatchObject({ ok: false, error: 'timed out after 200 ms' });
    expect(result.statusCode).toBeUndefined();
    expect(result.durationMs).toBeGreaterThanOrEqual(190);
    expect(result.durationMs).toBeLessThan(5_000);
  });

  it('a receiver that answers headers but stalls its body', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"errcode":');
    };
    const row = hooks().wecom;
    expect(await deliver(item(row.id), depsFor(row, { webhookTimeoutMs: 200 }))).toMatchObject({
      ok: false,
      statusCode: 200,
      error: 'timed out after 200 ms',
    });
  });

  it('a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const row: WebhookRow = { ...hooks().generic, url: `http://127.0.0.1:${port}/hook` };
    const result = await deliver(item(row.id), depsFor(row));
    expect(result.ok).toBe(false);
    expect(errorOf(result)).toMatch(/ECONNREFUSED/);
  });

  it('a redirect, not followed', async () => {
    handler = (_req, res) => res.writeHead(302, { location: 'http://example.com/' }).end();
    const row = hooks().generic;
    expect(await deliver(item(row.id), depsFor(row))).toMatchObject({
      ok: false,
      statusCode: 302,
    });
    expect(received).toHaveLength(1);
  });

  it('a robot answering 200 without its JSON', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>');
    const row = hooks().dingtalk;
    expect(await deliver(item(row.id), depsFor(row))).toMatchObject({
      ok: false,
      statusCode: 200,
      error: 'DingTalk answered 200 without its JSON result: <html>',
    });
  });

  it('an unknown or inactive webhook, a bad URL, a bad payload: nothing is sent, no retry', async () => {
    const row = hooks().wecom;
    expect(await deliver(item('gone'), depsFor(row))).toMatchObject({
      ok: false,
      error: 'webhook gone does not exist',
      retryable: false,
    });
    expect(await deliver(item(row.id), depsFor({ ...row, active: false }))).toMatchObject({
      ok: false,
      error: 'webhook wecom-desk is inactive',
      retryable: false,
    });
    const badUrl = { ...row, url: 'qyapi.weixin.qq.com/cgi-bin/webhook/send?key=secret-key' };
    const bad = await deliver(item(row.id), depsFor(badUrl));
    expect(bad).toMatchObject({
      ok: false,
      error: 'the webhook URL is not an http(s) URL',
      retryable: false,
    });
    const broken = await deliver(item(row.id, 41, { notice: {} }), depsFor(row));
    expect(broken).toMatchObject({ ok: false, retryable: false });
    expect(errorOf(broken)).toMatch(/^invalid payload: notice\.id/);
    expect(received).toHaveLength(0);
  });

  it('a webhook that cannot be read is worth another attempt', async () => {
    const failing = await deliver(item('wecom-desk'), {
      webhooks: () => Promise.reject(new Error('connection terminated')),
      now: () => NOW,
    });
    expect(failing).toEqual({
      ok: false,
      error: 'could not read webhook wecom-desk: connection terminated',
      durationMs: 0,
    });
    expect(received).toHaveLength(0);
  });

  it('receivers’ failures are retryable', async () => {
    handler = (_req, res) => res.writeHead(503).end();
    const row = hooks().generic;
    const result = await deliver(item(row.id), depsFor(row));
    expect(result).toMatchObject({ ok: false, statusCode: 503, error: 'HTTP 503: (empty body)' });
    expect(result).not.toHaveProperty('retryable');
  });
});
