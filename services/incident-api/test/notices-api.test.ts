/**
 * The notices API: an incident's notices with who got them, the bell (unread first, read one,
 * read all, only one's own), and the live event stream (Server-Sent Events) filtered by what the
 * viewer may see.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlaRunner, type SlaRunner } from '../src/notices/runner.js';
import { AS, createTestApp, type TestApp } from './support/app.js';
import { nextNoticeAtOf, report, subscribeGroupsInApp } from './notices-helpers.js';

let t: TestApp;
let runner: SlaRunner;
let base: string;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-03-02T10:00:00+08:00', campaignWindow: null });
  await subscribeGroupsInApp(t);
  runner = startSlaRunner({
    db: t.database.db,
    calendars: t.app.calendars,
    now: t.clock.now,
    log: t.app.log,
    pollMs: 60_000,
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await runner.stop();
  await t.close();
});

/** Moves the clock to the incident's next notice and lets the runner write it. */
async function nextNotice(id: number) {
  t.clock.current = (await nextNoticeAtOf(t, id))!;
  await runner.tick();
}

describe('notices and notifications', () => {
  it('lists an incident’s notices with who got them, for those who may see it', async () => {
    const { id } = await report(t);
    await nextNotice(id);
    const res = await t.api
      .get(`/api/v1/notices?incidentId=${id}`)
      .set(t.auth(AS.system))
      .expect(200);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({
      key: 'threshold:50',
      kind: 'warning',
      percent: 50,
      holdingGroup: 'desk',
      notified: ['su-shengchun', 'zhou-feiying'],
      deliveries: [],
    });
    // Another organisation's reporter: as if it did not exist.
    await t.api
      .get(`/api/v1/notices?incidentId=${id}`)
      .set(t.auth(AS.reporterShanghai))
      .expect(404);
    await t.api.get('/api/v1/notices?incidentId=abc').set(t.auth(AS.desk)).expect(400);
    // The reporting organisation's own reporter sees the notices, not who got them.
    const own = await t.api
      .get(`/api/v1/notices?incidentId=${id}`)
      .set(t.auth(AS.reporterGuangdong))
      .expect(200);
    expect(own.body[0]).toMatchObject({ key: 'threshold:50', notified: [], deliveries: [] });
  });

  it('shows my notifications unread first; marks one or all read, only mine', async () => {
    const { id } = await report(t, { title: '第二个事件' });
    const before = await t.api.get('/api/v1/notifications').set(t.auth(AS.desk)).expect(200);
    await nextNotice(id);
    const mine = await t.api.get('/api/v1/notifications').set(t.auth(AS.desk)).expect(200);
    // The first incident's later thresholds may have passed too on the way.
    expect(mine.body.unread).toBeGreaterThan(before.body.unread);
    const newest = mine.body.items.find((n: { incidentId: number }) => n.incidentId === id);
    expect(newest).toMatchObject({ readAt: null });
    expect(newest.title).toContain(`#${id}`);

    // Not someone else's.
    await t.api.post(`/api/v1/notifications/${newest.id}/read`).set(t.auth(AS.vendor)).expect(404);
    await t.api.post(`/api/v1/notifications/${newest.id}/read`).set(t.auth(AS.desk)).expect(204);
    const after = await t.api.get('/api/v1/notifications').set(t.auth(AS.desk)).expect(200);
    expect(after.body.unread).toBe(mine.body.unread - 1);
    // Unread first: the one just read goes below the unread ones.
    const order = after.body.items.map((n: { readAt: string | null }) => n.readAt === null);
    expect(order).toEqual([...order].sort((a, b) => Number(b) - Number(a)));

    const all = await t.api.post('/api/v1/notifications/read-all').set(t.auth(AS.desk)).expect(200);
    expect(all.body.marked).toBe(after.body.unread);
    const none = await t.api.get('/api/v1/notifications').set(t.auth(AS.desk)).expect(200);
    expect(none.body.unread).toBe(0);
    // The other desk member's bell is untouched.
    const colleague = await t.api
      .get('/api/v1/notifications')
      .set(t.auth('zhou-feiying'))
      .expect(200);
    expect(colleague.body.unread).toBeGreaterThan(0);
  });
});

/** An open event stream and what it has received so far. */
async function openStream(who: string) {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/v1/events`, {
    headers: { ...t.auth(who), accept: 'text/event-stream' },
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const stream = { text: '', closed: false };
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        stream.text += decoder.decode(value, { stream: true });
      }
    } catch {
      // aborted
    }
    stream.closed = true;
  })();
  const until = async (what: string, check: (text: string) => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!check(stream.text)) {
      if (Date.now() > deadline) throw new Error(`stream of ${who}: no ${what} in ${stream.text}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  await until('listening', (text) => text.includes(': listening'));
  const events = () =>
    stream.text
      .split('\n\n')
      .filter((block) => block.startsWith('event: '))
      .map((block) => {
        const [eventLine, dataLine] = block.split('\n');
        return {
          event: eventLine!.slice('event: '.length),
          data: JSON.parse(dataLine!.slice('data: '.length)),
        };
      });
  return { until, events, close: () => controller.abort() };
}

describe('GET /api/v1/events', () => {
  it('streams incident changes and notices to those who may see them', async () => {
    const desk = await openStream(AS.desk);
    const shanghai = await openStream(AS.reporterShanghai);
    try {
      const gd = await report(t, { title: '广东的事件' });
      const sh = await report(t, {
        title: '上海的事件',
        reporter: { organisation: '华东区-上海', name: '王五' },
      });
      await desk.until('both reports', () =>
        [gd.id, sh.id].every((id) =>
          desk.events().some((e) => e.event === 'incident.changed' && e.data.incidentId === id),
        ),
      );
      expect(desk.events().find((e) => e.data.incidentId === gd.id)?.data).toMatchObject({
        type: 'incident.changed',
        action: 'incident.report',
        status: 'reported',
        holderGroup: 'desk',
      });
      await shanghai.until('its own incident', () =>
        shanghai.events().some((e) => e.data.incidentId === sh.id),
      );
      // Never the other organisation's incident, nor who may see what.
      expect(shanghai.events().some((e) => e.data.incidentId === gd.id)).toBe(false);
      expect(JSON.stringify(shanghai.events())).not.toContain('visibleTo');

      // A notice: the desk hears of it, and its bell rings.
      await nextNotice(gd.id);
      await desk.until('the notice', () =>
        desk.events().some((e) => e.event === 'notice.created' && e.data.incidentId === gd.id),
      );
      await desk.until('the bell', () =>
        desk
          .events()
          .some((e) => e.event === 'notifications.created' && e.data.incidentId === gd.id),
      );
      expect(shanghai.events().some((e) => e.event === 'notifications.created')).toBe(false);
    } finally {
      desk.close();
      shanghai.close();
    }
  });

  it('announces a comment, with the version it made, to those who may see the incident', async () => {
    const gd = await report(t, { title: '广东的事件' });
    const desk = await openStream(AS.desk);
    const shanghai = await openStream(AS.reporterShanghai);
    try {
      const before = await t.api.get(`/api/v1/incidents/${gd.id}`).set(t.auth(AS.desk)).expect(200);
      await t.api
        .post(`/api/v1/incidents/${gd.id}/comments`)
        .set(t.auth(AS.desk))
        .send({ text: '已回电供应商，等待截图' })
        .expect(201);
      await desk.until('the comment', () =>
        desk.events().some((e) => e.data.action === 'incident.comment'),
      );
      expect(desk.events().find((e) => e.data.action === 'incident.comment')?.data).toMatchObject({
        incidentId: gd.id,
        version: before.body.version + 1,
      });
      // The Shanghai reporter may not see Guangdong's incident: not found, and not told of it.
      await t.api
        .post(`/api/v1/incidents/${gd.id}/comments`)
        .set(t.auth(AS.reporterShanghai))
        .send({ text: '我也遇到了' })
        .expect(404);
      expect(shanghai.events().some((e) => e.data.incidentId === gd.id)).toBe(false);
    } finally {
      desk.close();
      shanghai.close();
    }
  });

  it('is a stream only: other clients get 406, strangers 401', async () => {
    await t.api.get('/api/v1/events').set(t.auth(AS.desk)).expect(406);
    await t.api.get('/api/v1/events').set('accept', 'text/event-stream').expect(401);
  });
});
