/**
 * Notice mails through a real SMTP server on loopback (smtp-server): the test reads the raw
 * message as a mail client would (its own small MIME decoder) and checks what people see.
 */
import {
  createServer as createTcpServer,
  type AddressInfo,
  type Server,
  type Socket,
} from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  buildNoticePayload,
  createMailer,
  deliver,
  mailerFromConfig,
  type DeliveryDeps,
  type DeliveryResult,
  type Mailer,
  type NoticePayload,
} from '../src/delivery/index.js';

const errorOf = (r: DeliveryResult) => (r.ok ? undefined : r.error);

const USER = 'ovms';
const PASS = 'smtp-pässword';
const FROM = 'OVMS 应急平台 <ovms@example.com>';

interface ReceivedMail {
  mailFrom: string;
  rcptTo: string[];
  user: string | undefined;
  raw: string;
}

let smtp: SMTPServer;
let port: number;
let inbox: ReceivedMail[] = [];
let refuseRecipient: string | undefined;
let mailer: Mailer;

beforeAll(async () => {
  smtp = new SMTPServer({
    logger: false,
    // Plain SMTP on loopback: no certificate to trust; AUTH allowed without TLS for the test.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASS) callback(null, { user: auth.username });
      else
        callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (address.address === refuseRecipient) {
        callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      } else callback();
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const { mailFrom, rcptTo } = session.envelope;
        inbox.push({
          mailFrom: mailFrom === false ? '' : mailFrom.address,
          rcptTo: rcptTo.map((r) => r.address),
          user: session.user === undefined ? undefined : String(session.user),
          raw: Buffer.concat(chunks).toString('latin1'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  port = (smtp.server.address() as AddressInfo).port;
  mailer = createMailer({
    url: `smtp://${USER}:${encodeURIComponent(PASS)}@127.0.0.1:${port}`,
    from: FROM,
  });
});

afterAll(async () => {
  mailer.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

beforeEach(() => {
  inbox = [];
  refuseRecipient = undefined;
});

// ---------------------------------------------------------------------------------------------
// A small MIME reader: unfolded headers, RFC 2047 encoded words, multipart bodies, QP and base64.
// The raw message is read as latin1 so each byte is one char; text is decoded as UTF-8 at the end.
// ---------------------------------------------------------------------------------------------

function bytes(latin1: string): Buffer {
  return Buffer.from(latin1, 'latin1');
}

function decodeQuotedPrintable(body: string): Buffer {
  const soft = body.replace(/=\r?\n/g, '');
  return bytes(
    soft.replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
  );
}

function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')).toString('utf8'),
    );
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

function parsePart(raw: string): Part {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: raw.slice(split + 4) };
}

function decodeBody(part: Part): string {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const data =
    encoding === 'base64'
      ? Buffer.from(part.body.replace(/\s+/g, ''), 'base64')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(part.body)
        : bytes(part.body);
  return data.toString('utf8').replace(/\r\n/g, '\n');
}

function readMail(raw: string) {
  const top = parsePart(raw);
  const header = (name: string) => decodeWords(top.headers.get(name) ?? '');
  const boundary = /boundary="?([^";]+)"?/.exec(top.headers.get('content-type') ?? '')?.[1];
  const parts = (boundary ? top.body.split(`--${boundary}`).slice(1, -1) : []).map((p) =>
    // The CRLF before a boundary belongs to the boundary (RFC 2046 §5.1.1).
    parsePart(p.replace(/^\r\n/, '').replace(/\r\n$/, '')),
  );
  const partOf = (type: string) =>
    parts.find((p) => p.headers.get('content-type')?.startsWith(type));
  const text = partOf('text/plain');
  const html = partOf('text/html');
  return {
    header,
    contentType: top.headers.get('content-type') ?? '',
    text: text ? decodeBody(text) : undefined,
    textType: text?.headers.get('content-type'),
    html: html ? decodeBody(html) : undefined,
  };
}

// ---------------------------------------------------------------------------------------------

function payload(): NoticePayload {
  return buildNoticePayload({
    notice: {
      id: 3,
      key: 'breach',
      kind: 'breach',
      percent: null,
      dueAt: new Date('2026-11-26T09:30:00Z'),
    },
    incident: {
      id: 12,
      title: '竞价页面无法打开',
      priority: 'P1',
      status: 'vendor_registered',
      holderGroup: 'vendor',
      reporterOrganisation: '华南大区',
      sla: {
        spentMinutes: 125,
        leftMinutes: -5,
        targetMinutes: 120,
        dueAt: '2026-11-26T09:30:00Z',
      },
    },
    publicUrl: 'https://ovms.example.com',
  });
}

const noWebhooks: DeliveryDeps['webhooks'] = async () => undefined;
const now = () => new Date('2026-11-26T09:35:00Z');

describe('notice e-mail over SMTP', () => {
  it('arrives with a Chinese and English subject and body, From and To', async () => {
    const p = payload();
    const result = await deliver(
      { id: 7, channel: 'email', target: 'zhang.jianjun@example.com', payload: p },
      { webhooks: noWebhooks, mailer, now },
    );
    expect(result).toMatchObject({ ok: true, statusCode: 250 });

    expect(inbox).toHaveLength(1);
    const received = inbox[0] as ReceivedMail;
    expect(received.user).toBe(USER);
    expect(received.mailFrom).toBe('ovms@example.com');
    expect(received.rcptTo).toEqual(['zhang.jianjun@example.com']);

    const mail = readMail(received.raw);
    expect(mail.header('subject')).toBe('【P1 超时】#12 竞价页面无法打开 — P1 SLA breached');
    expect(mail.header('from')).toBe('OVMS 应急平台 <ovms@example.com>');
    expect(mail.header('to')).toBe('zhang.jianjun@example.com');
    expect(mail.header('message-id')).toBe('<outbox-7@example.com>');
    expect(mail.header('x-ovms-delivery')).toBe('outbox-7');
    expect(mail.contentType).toMatch(/^multipart\/alternative/);
    expect(mail.textType).toMatch(/charset=utf-8/i);

    expect(mail.text).toBe(p.message.text);
    expect(mail.text).toContain('事件 #12 已超出处理时限。');
    expect(mail.text).toContain('处理组：厂商项目组');
    expect(mail.text).toContain('已超时：5 分钟');
    expect(mail.text).toContain('Incident #12 has breached its resolution target.');
    expect(mail.text).toContain('Holding group: Vendor project team');
    expect(mail.text).toContain('Due: 2026-11-26 17:30 (Asia/Shanghai, UTC+8)');
    expect(mail.text).toContain('https://ovms.example.com/incidents/12');
    expect(mail.html).toBe(p.message.html);
  });

  it('sends the same Message-ID again on a re-send', async () => {
    const item = {
      id: 8,
      channel: 'email' as const,
      target: 'duty@example.com',
      payload: payload(),
    };
    await deliver(item, { webhooks: noWebhooks, mailer, now });
    await deliver(item, { webhooks: noWebhooks, mailer, now });
    const ids = inbox.map((m) => readMail(m.raw).header('message-id'));
    expect(ids).toEqual(['<outbox-8@example.com>', '<outbox-8@example.com>']);
  });

  it('fails with the SMTP code when the server refuses the recipient', async () => {
    refuseRecipient = 'left@example.com';
    const result = await deliver(
      { id: 9, channel: 'email', target: 'left@example.com', payload: payload() },
      { webhooks: noWebhooks, mailer, now },
    );
    expect(result).toMatchObject({ ok: false, statusCode: 550, retryable: false });
    expect(errorOf(result)).toMatch(/Mailbox unavailable/);
    expect(inbox).toHaveLength(0);
  });

  describe('with a broken setup', () => {
    let other: Mailer | undefined;
    let silent: Server | undefined;
    const sockets: Socket[] = [];
    afterEach(async () => {
      for (const socket of sockets.splice(0)) socket.destroy();
      other?.close();
      other = undefined;
      if (silent) {
        const s = silent;
        silent = undefined;
        await new Promise((resolve) => s.close(resolve));
      }
    });

    it('fails on a wrong password, naming neither the password nor the URL', async () => {
      other = createMailer({ url: `smtp://${USER}:wrong-secret@127.0.0.1:${port}`, from: FROM });
      const result = await other.send({
        to: 'a@example.com',
        subject: 's',
        text: 't',
        deliveryId: 'outbox-1',
      });
      expect(result).toMatchObject({ ok: false, statusCode: 535 });
      expect(result).not.toHaveProperty('retryable');
      expect(errorOf(result)).toMatch(/Invalid username or password/);
      expect(errorOf(result)).not.toContain('wrong-secret');
    });

    it('fails when nothing listens', async () => {
      const probe = createTcpServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const closedPort = (probe.address() as AddressInfo).port;
      await new Promise((resolve) => probe.close(resolve));
      other = createMailer({ url: `smtp://127.0.0.1:${closedPort}`, from: FROM });
      const result = await other.send({
        to: 'a@example.com',
        subject: 's',
        text: 't',
        deliveryId: 'outbox-1',
      });
      expect(result.ok).toBe(false);
      expect(errorOf(result)).toMatch(/ECONNREFUSED/);
    });

    it('fails in time when the server never greets', async () => {
      silent = createTcpServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => silent?.listen(0, '127.0.0.1', resolve));
      const silentPort = (silent.address() as AddressInfo).port;
      other = createMailer({ url: `smtp://127.0.0.1:${silentPort}`, from: FROM, timeoutMs: 300 });
      const result = await other.send({
        to: 'a@example.com',
        subject: 's',
        text: 't',
        deliveryId: 'outbox-1',
      });
      expect(result.ok).toBe(false);
      expect(errorOf(result)).toMatch(/timed out|Greeting never received/i);
      expect(result.durationMs).toBeLessThan(5_000);
    });
  });
});

describe('e-mail configuration', () => {
  it('disables e-mail with a log line when SMTP_URL is unset', async () => {
    const lines: string[] = [];
    expect(
      mailerFromConfig(
        { SMTP_URL: undefined, SMTP_FROM: undefined },
        { info: (m) => lines.push(m) },
      ),
    ).toBeUndefined();
    expect(lines).toEqual([
      'E-mail delivery is disabled: SMTP_URL is not set (e-mail notices will fail).',
    ]);
    expect(
      await deliver(
        { id: 1, channel: 'email', target: 'a@example.com', payload: payload() },
        { webhooks: noWebhooks, now },
      ),
    ).toEqual({
      ok: false,
      error: 'e-mail is disabled: SMTP_URL is not set',
      retryable: false,
      durationMs: 0,
    });
  });

  it('refuses SMTP_URL without SMTP_FROM', () => {
    expect(() =>
      mailerFromConfig(
        { SMTP_URL: 'smtp://127.0.0.1:25', SMTP_FROM: undefined },
        { info: () => undefined },
      ),
    ).toThrow(/SMTP_FROM must be set/);
  });

  it('builds a mailer from both', () => {
    const m = mailerFromConfig(
      { SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: FROM },
      { info: () => undefined },
    );
    expect(m).toBeDefined();
    m?.close();
  });
});
