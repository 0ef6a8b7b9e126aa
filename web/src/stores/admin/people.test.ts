import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { fakeApi } from '../fake-api';
import { useAdminPeopleStore } from './people';

beforeEach(() => setActivePinia(createPinia()));

const person = (id: string, name: string, groups: string[], active = true) => ({
  id,
  name,
  organisation: '顺丰',
  title: '',
  phone: null,
  email: null,
  active,
  groups: groups.map((groupId) => ({ groupId, isLead: false })),
});

describe('admin people store', () => {
  it('filters the roster by name, id or group, active people first', async () => {
    const { client } = fakeApi({
      'GET /api/v1/people': {
        body: [
          person('zz-gone', '离职', ['desk'], false),
          person('su-shengchun', '苏圣春', ['desk']),
          person('liu-wei', '刘伟', ['vendor']),
        ],
      },
      'GET /api/v1/groups': { body: [] },
    });
    const store = useAdminPeopleStore();
    store.useClient(client);
    await store.load();
    expect(store.shown.map((p) => p.id)).toEqual(['liu-wei', 'su-shengchun', 'zz-gone']);
    store.filter = 'desk';
    expect(store.shown.map((p) => p.id)).toEqual(['su-shengchun', 'zz-gone']);
    store.filter = '刘';
    expect(store.shown.map((p) => p.id)).toEqual(['liu-wei']);
  });

  it('sets groups and leads, deactivates, resets a password, edits a group', async () => {
    const { client, requests } = fakeApi({
      'GET /api/v1/people': { body: [] },
      'GET /api/v1/groups': { body: [] },
      'PUT /api/v1/people/liu-wei/groups': { body: person('liu-wei', '刘伟', ['vendor']) },
      'POST /api/v1/people/liu-wei/deactivate': { body: person('liu-wei', '刘伟', [], false) },
      'PUT /api/v1/people/liu-wei/password': { status: 204 },
      'PATCH /api/v1/groups/desk': { body: {} },
    });
    const store = useAdminPeopleStore();
    store.useClient(client);
    const groups = [{ groupId: 'vendor' as const, isLead: true }];
    expect(await store.setGroups('liu-wei', groups)).toBeTruthy();
    expect(requests[0]?.body).toEqual({ groups });
    expect(await store.setActive('liu-wei', false)).toBeTruthy();
    expect(await store.resetPassword('liu-wei', 'a-long-new-password')).toBe(true);
    expect(requests.find((r) => r.path.endsWith('/password'))?.body).toEqual({
      newPassword: 'a-long-new-password',
    });
    expect(await store.updateGroup('desk', { phones: ['0755-33990227'] })).toBeTruthy();
    expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({
      phones: ['0755-33990227'],
    });
  });
});
