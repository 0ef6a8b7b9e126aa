import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { fakeApi } from './fake-api';
import { useQueueStore } from './queue';

function incident(id: number, dueAt: string, stopped = false) {
  return {
    id,
    title: `#${id}`,
    sla: { dueAt, stopped, paused: false, breached: false, percent: 0, leftMinutes: 30 },
  };
}

beforeEach(() => setActivePinia(createPinia()));

describe('queue store', () => {
  it('loads with the filters as query parameters and sorts by due time', async () => {
    const { client, requests } = fakeApi({
      'GET /api/v1/incidents': {
        body: {
          items: [
            incident(1, '2026-11-27T02:00:00Z'),
            incident(2, '2026-11-26T01:00:00Z', true),
            incident(3, '2026-11-27T01:00:00Z'),
          ],
          nextCursor: null,
        },
      },
    });
    const queue = useQueueStore();
    queue.useClient(client);
    queue.filters.priority = ['P1', 'P2'];
    queue.filters.holder = 'vendor';
    await queue.load();

    const params = new URLSearchParams(requests[0]?.search);
    expect(params.getAll('priority')).toEqual(['P1', 'P2']);
    expect(params.get('holder')).toBe('vendor');
    expect(params.has('status')).toBe(false);
    expect(queue.sorted.map((item) => item.id)).toEqual([3, 1, 2]);
    expect(queue.polledAt).not.toBeNull();
    expect(queue.error).toBeNull();
  });

  it('keeps the last items and shows the problem when a poll fails', async () => {
    let fail = false;
    const { client } = fakeApi({
      'GET /api/v1/incidents': () =>
        fail
          ? {
              status: 503,
              body: { type: 'about:blank', title: 'Service Unavailable', status: 503 },
            }
          : { body: { items: [incident(1, '2026-11-27T02:00:00Z')], nextCursor: null } },
    });
    const queue = useQueueStore();
    queue.useClient(client);
    await queue.load();
    fail = true;
    await queue.load();
    expect(queue.items).toHaveLength(1);
    expect(queue.error?.status).toBe(503);
    expect(queue.error?.message).toBe('Service Unavailable');
  });
});
