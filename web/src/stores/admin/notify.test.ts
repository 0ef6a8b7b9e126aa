import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { fakeApi } from '../fake-api';
import { useAdminNotifyStore } from './notify';

beforeEach(() => setActivePinia(createPinia()));

const dead = {
  id: 5,
  deliveryId: 'd-5',
  noticeId: 1,
  channel: 'webhook',
  target: 'wecom-desk',
  status: 'dead',
  attempts: 8,
  nextAttemptAt: '2026-11-26T00:00:00Z',
  lastError: 'HTTP 500',
  deliveredAt: null,
  createdAt: '2026-11-25T00:00:00Z',
  log: [],
};

describe('admin notify store', () => {
  it('loads webhooks, subscriptions and the dead letters', async () => {
    const { client, requests } = fakeApi({
      'GET /api/v1/webhooks': { body: [] },
      'GET /api/v1/subscriptions': { body: [] },
      'GET /api/v1/outbox': { body: [dead] },
    });
    const store = useAdminNotifyStore();
    store.useClient(client);
    await store.load();
    expect(store.deliveries).toHaveLength(1);
    expect(requests.find((r) => r.path === '/api/v1/outbox')?.search).toBe(
      '?status=dead&limit=100',
    );
  });

  it('pauses a subscription, deletes a webhook, resends a dead letter', async () => {
    const { client, requests } = fakeApi({
      'GET /api/v1/webhooks': { body: [] },
      'GET /api/v1/subscriptions': { body: [] },
      'GET /api/v1/outbox': { body: [] },
      'PATCH /api/v1/subscriptions/3': { body: {} },
      'DELETE /api/v1/webhooks/wecom-desk': { status: 204 },
      'POST /api/v1/outbox/5/resend': { body: { ...dead, status: 'pending', attempts: 0 } },
    });
    const store = useAdminNotifyStore();
    store.useClient(client);
    expect(await store.updateSubscription(3, { active: false })).toBeTruthy();
    expect(requests[0]?.body).toEqual({ active: false });
    expect(await store.deleteWebhook('wecom-desk')).toBe(true);
    requests.length = 0;
    expect(await store.resend(5)).toBeTruthy();
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v1/outbox/5/resend',
      'GET /api/v1/outbox',
    ]);
  });

  it('shows a refused webhook URL at its field', async () => {
    const { client } = fakeApi({
      'POST /api/v1/webhooks': {
        status: 400,
        body: {
          type: 'about:blank',
          title: 'Invalid request',
          status: 400,
          detail: 'Invalid fields: /body/url.',
          errors: [{ pointer: '/body/url', detail: 'Invalid URL' }],
        },
      },
    });
    const store = useAdminNotifyStore();
    store.useClient(client);
    expect(
      await store.createWebhook({ id: 'x', name: 'x', kind: 'wecom', url: 'not a url' }),
    ).toBeNull();
    expect(store.problem?.fields['/body/url']).toBe('Invalid URL');
  });

  it('sends a test to a webhook and keeps each webhook’s last result, a refusal included', async () => {
    const { client, requests } = fakeApi({
      'POST /api/v1/webhooks/wecom-desk/test': {
        body: { delivered: true, status: 200, durationMs: 84 },
      },
      'POST /api/v1/webhooks/generic-ops/test': {
        body: { delivered: false, status: 500, durationMs: 12, error: 'HTTP 500: down' },
      },
      'POST /api/v1/webhooks/gone/test': {
        status: 404,
        body: {
          type: '/problems/not-found',
          title: 'Not found',
          status: 404,
          detail: 'Webhook gone does not exist.',
        },
      },
    });
    const store = useAdminNotifyStore();
    store.useClient(client);
    const pending = store.testWebhook('wecom-desk');
    expect(store.testing).toBe('wecom-desk');
    expect(await pending).toEqual({ delivered: true, status: 200, durationMs: 84 });
    expect(store.testing).toBeNull();
    await store.testWebhook('generic-ops');
    await store.testWebhook('gone');
    expect(requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/api/v1/webhooks/wecom-desk/test', undefined],
      ['POST', '/api/v1/webhooks/generic-ops/test', undefined],
      ['POST', '/api/v1/webhooks/gone/test', undefined],
    ]);
    expect(store.testResults).toEqual({
      'wecom-desk': { delivered: true, status: 200, durationMs: 84 },
      'generic-ops': { delivered: false, status: 500, durationMs: 12, error: 'HTTP 500: down' },
      gone: { delivered: false, durationMs: 0, error: 'Webhook gone does not exist.' },
    });
  });
});
