import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { fakeApi } from './fake-api';
import { useAuditStore } from './audit';

const entry = (seq: number) => ({ id: seq, seq, action: 'incident.report', entity: 'incident' });

beforeEach(() => setActivePinia(createPinia()));

describe('audit store', () => {
  it('sends only the filters that are set, and pages older entries with the cursor', async () => {
    const { client, requests } = fakeApi({
      'GET /api/v1/audit': (request) =>
        new URLSearchParams(request.search).get('cursor') === '3'
          ? { body: { items: [entry(2), entry(1)], nextCursor: null } }
          : { body: { items: [entry(4), entry(3)], nextCursor: '3' } },
    });
    const audit = useAuditStore();
    audit.useClient(client);
    audit.setFilters({ entity: 'incident', entityId: ' 12 ' });
    await audit.load();
    await audit.load(true);
    const first = new URLSearchParams(requests[0]?.search);
    expect(Object.fromEntries(first)).toEqual({ entity: 'incident', entityId: '12', limit: '100' });
    expect(new URLSearchParams(requests[1]?.search).get('cursor')).toBe('3');
    expect(audit.items.map((e) => e.seq)).toEqual([4, 3, 2, 1]);
    expect(audit.nextCursor).toBeNull();
  });

  it('clears the other filters when new ones are set', () => {
    const audit = useAuditStore();
    audit.setFilters({ actorId: 'su-shengchun', action: 'incident.report' });
    audit.setFilters({ entity: 'person' });
    expect(audit.filters).toMatchObject({ entity: 'person', actorId: '', action: '' });
  });

  it('shows the first broken link the server names', async () => {
    const broken = {
      ok: false,
      checked: 7,
      firstBroken: { id: 7, seq: 7, reason: 'hash_mismatch', detail: 'Entry seq 7 was altered.' },
    };
    const { client } = fakeApi({ 'GET /api/v1/audit/verify': { body: broken } });
    const audit = useAuditStore();
    audit.useClient(client);
    await audit.verify();
    expect(audit.verification).toEqual(broken);
    expect(audit.verifying).toBe(false);
  });

  it('keeps the entries and shows the problem when the server refuses', async () => {
    const { client } = fakeApi({
      'GET /api/v1/audit': {
        status: 403,
        body: { type: 'about:blank', title: 'Forbidden', status: 403, detail: 'Admins only.' },
      },
    });
    const audit = useAuditStore();
    audit.useClient(client);
    await audit.load();
    expect(audit.error).toMatchObject({ status: 403, message: 'Admins only.' });
    expect(audit.items).toEqual([]);
  });
});
