import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { setCsrfToken } from '../api/client';
import { fakeApi } from './fake-api';
import { useNotificationsStore } from './notifications';

const unreadOne = {
  id: 4,
  noticeId: 9,
  incidentId: 15,
  title: 'P1 #15',
  body: '竞价服务器宕机',
  createdAt: '2026-11-26T15:00:00Z',
  readAt: null,
};

beforeEach(() => {
  setActivePinia(createPinia());
  setCsrfToken('csrf-2');
});

describe('notifications store', () => {
  it('loads the bell and marks one read with the CSRF token, then reloads', async () => {
    let read = false;
    const { client, requests } = fakeApi({
      'GET /api/v1/notifications': () => ({
        body: read
          ? { unread: 0, items: [{ ...unreadOne, readAt: '2026-11-26T15:01:00Z' }] }
          : { unread: 1, items: [unreadOne] },
      }),
      'POST /api/v1/notifications/4/read': () => {
        read = true;
        return { status: 204 };
      },
    });
    const store = useNotificationsStore();
    store.useClient(client);
    await store.load();
    expect(store.unread).toBe(1);
    expect(new URLSearchParams(requests[0]?.search).get('limit')).toBe('20');

    await store.markRead(4);
    expect(requests[1]?.headers.get('x-csrf-token')).toBe('csrf-2');
    expect(store.unread).toBe(0);
    expect(store.items[0]?.readAt).not.toBeNull();
  });
});
