import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { fakeApi } from '../fake-api';
import { useAdminTokensStore } from './tokens';

beforeEach(() => setActivePinia(createPinia()));

const token = {
  id: 't1',
  name: 'ovms-integration',
  personId: 'demo-admin',
  scopes: ['incidents:read', 'incidents:report'],
  createdById: 'demo-admin',
  createdAt: '2026-11-26T00:00:00Z',
  expiresAt: '2027-02-24T00:00:00Z',
  revokedAt: null,
  lastUsedAt: null,
  lastUsedAddress: null,
};

describe('admin tokens store', () => {
  it('lists one person’s tokens, or everyone’s', async () => {
    const { client, requests } = fakeApi({ 'GET /api/v1/tokens': { body: [token] } });
    const store = useAdminTokensStore();
    store.useClient(client);
    store.owner = 'demo-admin';
    await store.load();
    expect(requests[0]?.search).toBe('?personId=demo-admin');
    store.owner = null;
    await store.load();
    expect(requests[1]?.search).toBe('');
    expect(store.tokens).toHaveLength(1);
  });

  it('keeps the new secret until dismissed, and never in the list', async () => {
    const { client, requests } = fakeApi({
      'GET /api/v1/tokens': { body: [token] },
      'POST /api/v1/tokens': { status: 201, body: { ...token, token: 'ovms_secret_123' } },
      'DELETE /api/v1/tokens/t1': { status: 204 },
    });
    const store = useAdminTokensStore();
    store.useClient(client);
    const input = {
      name: 'ovms-integration',
      scopes: ['incidents:read' as const],
      expiresInDays: 30,
      personId: 'liu-wei',
    };
    expect(await store.create(input)).toBe(true);
    expect(requests[0]?.body).toEqual(input);
    expect(store.secret).toEqual({ name: 'ovms-integration', token: 'ovms_secret_123' });
    expect(JSON.stringify(store.tokens)).not.toContain('ovms_secret_123');
    store.forgetSecret();
    expect(store.secret).toBeNull();
    expect(await store.revoke('t1')).toBe(true);
    expect(requests.at(-2)?.method).toBe('DELETE');
  });

  it('shows a refused scope at its field', async () => {
    const { client } = fakeApi({
      'POST /api/v1/tokens': {
        status: 403,
        body: {
          type: 'about:blank',
          title: 'Field not allowed',
          status: 403,
          detail: 'You cannot grant audit:read.',
          errors: [{ pointer: '/body/scopes', detail: 'not yours to grant: audit:read' }],
        },
      },
    });
    const store = useAdminTokensStore();
    store.useClient(client);
    expect(await store.create({ name: 'x', scopes: ['audit:read'] })).toBe(false);
    expect(store.secret).toBeNull();
    expect(store.problem?.fields['/body/scopes']).toBe('not yours to grant: audit:read');
  });
});
