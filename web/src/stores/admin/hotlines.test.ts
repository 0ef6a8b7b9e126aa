import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { fieldError } from '../../lib/problem';
import { fakeApi } from '../fake-api';
import { useHotlinesStore } from '../hotlines';
import { useAdminHotlinesStore, type Hotline } from './hotlines';

beforeEach(() => setActivePinia(createPinia()));

const fault: Hotline = {
  id: 'fault',
  number: '0755-33990377',
  purpose: 'system_fault',
  labelZh: '系统类问题',
  labelEn: 'System faults',
};
const night: Hotline = {
  id: 'night-desk',
  number: '0755-33990999',
  purpose: 'system_fault',
  labelZh: '夜间值班',
  labelEn: 'Night desk',
};

describe('admin hotlines store', () => {
  it('adds, edits and removes a hotline with the exact requests, the header’s numbers following', async () => {
    let listed = [fault];
    const { client, requests } = fakeApi({
      'GET /api/v1/hotlines': () => ({ body: listed }),
      'POST /api/v1/hotlines': () => {
        listed = [fault, night];
        return { status: 201, body: night };
      },
      'PATCH /api/v1/hotlines/night-desk': () => {
        listed = [fault, { ...night, number: '0755-33990888' }];
        return { body: listed[1] };
      },
      'DELETE /api/v1/hotlines/night-desk': () => {
        listed = [fault];
        return { status: 204 };
      },
    });
    const store = useAdminHotlinesStore();
    store.useClient(client);
    await store.load();
    expect(store.hotlines.map((h) => h.id)).toEqual(['fault']);

    expect(await store.createHotline(night)).toEqual(night);
    expect(useHotlinesStore().hotlines.map((h) => h.number)).toEqual([
      '0755-33990377',
      '0755-33990999',
    ]);
    await store.updateHotline('night-desk', { number: '0755-33990888' });
    expect(store.hotlines[1]?.number).toBe('0755-33990888');
    expect(await store.deleteHotline('night-desk')).toBe(true);
    expect(useHotlinesStore().hotlines.map((h) => h.id)).toEqual(['fault']);

    const writes = requests
      .filter((r) => r.method !== 'GET')
      .map((r) => [r.method, r.path, r.body]);
    expect(writes).toEqual([
      ['POST', '/api/v1/hotlines', night],
      ['PATCH', '/api/v1/hotlines/night-desk', { number: '0755-33990888' }],
      ['DELETE', '/api/v1/hotlines/night-desk', undefined],
    ]);
    // Each write reloads the list once.
    expect(requests.filter((r) => r.method === 'GET')).toHaveLength(4);
  });

  it('keeps the API’s field error for a refused number', async () => {
    const { client } = fakeApi({
      'POST /api/v1/hotlines': {
        status: 400,
        body: {
          type: '/problems/validation',
          title: 'Invalid request',
          status: 400,
          detail: 'Invalid fields: /body/number.',
          errors: [{ pointer: '/body/number', detail: 'a phone number: digits, spaces, + - ( )' }],
        },
      },
    });
    const store = useAdminHotlinesStore();
    store.useClient(client);
    expect(await store.createHotline({ ...night, number: 'call us' })).toBeNull();
    expect(fieldError(store.problem, 'number')).toBe('a phone number: digits, spaces, + - ( )');
    expect(fieldError(store.problem, 'labelZh')).toBe('');
  });
});
