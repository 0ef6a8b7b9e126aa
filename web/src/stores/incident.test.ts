import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { fakeApi } from './fake-api';
import { useIncidentStore } from './incident';

const detail = (version: number, status: string) => ({
  id: 7,
  version,
  status,
  availableActions: [{ type: 'escalate_to_system' }],
});

beforeEach(() => setActivePinia(createPinia()));

describe('incident store', () => {
  it('acts on the version on screen (If-Match) and shows the new state', async () => {
    const { client, requests } = fakeApi({
      'GET /api/v1/incidents/7': { body: detail(3, 'triage') },
      'POST /api/v1/incidents/7/actions': { body: detail(4, 'with_system') },
    });
    const store = useIncidentStore();
    store.useClient(client);
    await store.load(7);
    const ok = await store.act({
      type: 'escalate_to_system',
      impact: 'high',
      scope: 'all',
      impactStatement: '全网',
    });
    expect(ok).toBe(true);
    expect(requests[1]?.headers.get('if-match')).toBe('"3"');
    expect(store.incident?.status).toBe('with_system');
  });

  it('shows field errors of a refused action and reloads after a stale version', async () => {
    let version = 3;
    const { client } = fakeApi({
      'GET /api/v1/incidents/7': () => ({ body: detail(version, 'triage') }),
      'POST /api/v1/incidents/7/actions': (request) =>
        request.headers.get('if-match') === '"3"'
          ? ((version = 5),
            {
              status: 412,
              body: {
                type: 'about:blank',
                title: 'Precondition Failed',
                status: 412,
                detail: 'stale',
              },
            })
          : {
              status: 400,
              body: {
                type: 'about:blank',
                title: 'Bad Request',
                status: 400,
                detail: 'invalid',
                errors: [{ pointer: '/note', detail: 'Required' }],
              },
            },
    });
    const store = useIncidentStore();
    store.useClient(client);
    await store.load(7);
    expect(await store.act({ type: 'reject_fix', note: 'x' })).toBe(false);
    expect(store.actionError?.status).toBe(412);
    expect(store.incident?.version).toBe(5);
    expect(await store.act({ type: 'reject_fix', note: 'x' })).toBe(false);
    expect(store.actionError?.fields).toEqual({ '/note': 'Required' });
  });
});
