import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { fakeApi } from './fake-api';
import { useChangeTasksStore } from './change-tasks';

function row(id: number, number: number, status: string, version = 5) {
  return {
    incident: { id, version, title: `#${id}`, priority: 'P2', status: 'vendor_root_caused' },
    task: { number, kind: 'sql_script', status, summary: 'fix', sqlText: 'select 1;' },
  };
}

beforeEach(() => setActivePinia(createPinia()));

describe('change tasks store', () => {
  it('asks for what waits for my groups, then every open task, then the closed ones', async () => {
    const { client, requests } = fakeApi({
      'GET /api/v1/change-tasks': { body: { items: [row(1, 1, 'approved')], nextCursor: 'c1' } },
    });
    const store = useChangeTasksStore();
    store.useClient(client);
    await store.load(['devops']);
    store.view = 'open';
    await store.load(['devops']);
    store.view = 'done';
    await store.load(['devops']);
    const statuses = requests.map((r) => new URLSearchParams(r.search).getAll('status'));
    expect(statuses).toEqual([
      ['approved'],
      ['requested', 'approved', 'executed'],
      ['verified', 'rejected', 'failed', 'cancelled'],
    ]);
    expect(store.items).toHaveLength(1);
    expect(store.nextCursor).toBe('c1');
  });

  it('appends the next page with the cursor', async () => {
    const { client, requests } = fakeApi({
      'GET /api/v1/change-tasks': (request) =>
        new URLSearchParams(request.search).get('cursor') === 'c1'
          ? { body: { items: [row(2, 1, 'approved')], nextCursor: null } }
          : { body: { items: [row(1, 1, 'approved')], nextCursor: 'c1' } },
    });
    const store = useChangeTasksStore();
    store.useClient(client);
    await store.load(['devops']);
    await store.load(['devops'], true);
    expect(store.items.map((r) => r.incident.id)).toEqual([1, 2]);
    expect(store.nextCursor).toBeNull();
    expect(requests).toHaveLength(2);
  });

  it('executes on the version read (If-Match) and reloads; a 412 shows the problem and reloads', async () => {
    let conflict = false;
    const { client, requests } = fakeApi({
      'GET /api/v1/change-tasks': { body: { items: [row(7, 2, 'approved', 9)], nextCursor: null } },
      'POST /api/v1/incidents/7/actions': () =>
        conflict
          ? {
              status: 412,
              body: {
                type: 'about:blank',
                title: 'Precondition Failed',
                status: 412,
                detail: 'stale',
              },
            }
          : { body: {} },
    });
    const store = useChangeTasksStore();
    store.useClient(client);
    await store.load(['devops']);
    const action = {
      type: 'execute_change',
      task: 2,
      result: 'succeeded',
      output: 'UPDATE 1',
    } as const;
    expect(await store.step(store.items[0]!, action, ['devops'])).toBe(true);
    const post = requests.find((r) => r.method === 'POST')!;
    expect(post.headers.get('if-match')).toBe('"9"');
    expect(post.body).toEqual(action);
    expect(requests.filter((r) => r.method === 'GET')).toHaveLength(2);

    conflict = true;
    expect(await store.step(store.items[0]!, action, ['devops'])).toBe(false);
    expect(store.stepError?.status).toBe(412);
    expect(store.stepError?.message).toBe('stale');
    expect(requests.filter((r) => r.method === 'GET')).toHaveLength(3);
  });
});
