/** Webhooks and subscriptions: admins decide who hears which notices over which channel. */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, subscriptions } from '../src/db/schema.js';
import { AS, createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('subscriptions', () => {
  it('start with the plan’s defaults: every group concerned in the app, leaders also by e-mail', async () => {
    const res = await t.api.get('/api/v1/subscriptions').set(t.auth(AS.admin)).expect(200);
    const inApp = res.body.filter((s: { channel: string }) => s.channel === 'in_app');
    expect(inApp.map((s: { groupId: string }) => s.groupId).sort()).toEqual([
      'desk',
      'devops',
      'leaders',
      'system',
      'vendor',
    ]);
    expect(res.body).toContainEqual(
      expect.objectContaining({
        groupId: 'leaders',
        channel: 'email',
        kinds: ['breach', 'priority_alert'],
      }),
    );
  });

  it('posts a group’s notices to its robot; the secret is never shown', async () => {
    const hook = await t.api
      .post('/api/v1/webhooks')
      .set(t.auth(AS.admin))
      .send({
        id: 'vendor-dingtalk',
        name: '汇通项目群',
        kind: 'dingtalk',
        url: 'https://oapi.dingtalk.com/robot/send?access_token=abc',
        secret: 'SEC-very-secret',
      })
      .expect(201);
    expect(hook.body).toEqual(expect.objectContaining({ hasSecret: true }));
    expect(JSON.stringify(hook.body)).not.toContain('very-secret');
    const sub = await t.api
      .post('/api/v1/subscriptions')
      .set(t.auth(AS.admin))
      .send({
        groupId: 'vendor',
        kinds: ['warning', 'breach'],
        channel: 'webhook',
        webhookId: 'vendor-dingtalk',
      })
      .expect(201);
    expect(sub.body).toMatchObject({
      groupId: 'vendor',
      channel: 'webhook',
      webhookId: 'vendor-dingtalk',
    });
    const paused = await t.api
      .patch(`/api/v1/subscriptions/${sub.body.id}`)
      .set(t.auth(AS.admin))
      .send({ active: false })
      .expect(200);
    expect(paused.body.active).toBe(false);
    const listed = await t.api.get('/api/v1/webhooks').set(t.auth(AS.admin)).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain('very-secret');
    // Removing the robot removes what posted to it.
    await t.api.delete('/api/v1/webhooks/vendor-dingtalk').set(t.auth(AS.admin)).expect(204);
    const left = await t.database.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.id, sub.body.id));
    expect(left).toHaveLength(0);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entity, 'webhook'));
    expect(audit.map((a) => a.action)).toEqual(['webhook.create', 'webhook.delete']);
    expect(JSON.stringify(audit)).not.toContain('very-secret');
  });

  it('refuses what cannot be delivered, naming the field', async () => {
    const post = (body: object) =>
      t.api.post('/api/v1/subscriptions').set(t.auth(AS.admin)).send(body);
    const both = await post({
      groupId: 'desk',
      personId: AS.desk,
      kinds: ['warning'],
      channel: 'in_app',
    }).expect(400);
    expect(both.body.errors[0].pointer).toBe('/body/groupId');
    const noHook = await post({ groupId: 'desk', kinds: ['warning'], channel: 'webhook' }).expect(
      400,
    );
    expect(noHook.body.errors[0].pointer).toBe('/body/webhookId');
    const unknownHook = await post({
      groupId: 'desk',
      kinds: ['warning'],
      channel: 'webhook',
      webhookId: 'nope',
    }).expect(422);
    expect(unknownHook.body.errors[0].pointer).toBe('/body/webhookId');
    const badKind = await post({ groupId: 'desk', kinds: ['gossip'], channel: 'in_app' }).expect(
      400,
    );
    expect(badKind.body.errors[0].pointer).toBe('/body/kinds/0');
    const badUrl = await t.api
      .post('/api/v1/webhooks')
      .set(t.auth(AS.admin))
      .send({ id: 'x', name: 'x', kind: 'wecom', url: 'ftp://example' })
      .expect(400);
    expect(badUrl.body.errors[0].pointer).toBe('/body/url');
    await t.api.get('/api/v1/subscriptions').set(t.auth(AS.desk)).expect(403);
    await t.api.delete('/api/v1/subscriptions/424242').set(t.auth(AS.admin)).expect(404);
  });

  it('subscribes one person by e-mail', async () => {
    const res = await t.api
      .post('/api/v1/subscriptions')
      .set(t.auth(AS.admin))
      .send({ personId: AS.system, kinds: ['priority_alert'], channel: 'email' })
      .expect(201);
    expect(res.body).toMatchObject({ personId: AS.system, groupId: null });
    await t.api.delete(`/api/v1/subscriptions/${res.body.id}`).set(t.auth(AS.admin)).expect(204);
  });
});
