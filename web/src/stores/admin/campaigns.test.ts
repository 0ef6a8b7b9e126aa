import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { fakeApi } from '../fake-api';
import { useAdminCampaignsStore } from './campaigns';

beforeEach(() => setActivePinia(createPinia()));

const campaign = {
  id: 'bidding-2015-2',
  name: '2015全网二期线上招标',
  systemIds: ['ovms'],
  startsAt: '2026-11-20T00:00:00.000Z',
  endsAt: '2026-12-20T00:00:00.000Z',
  gradeOverride: 'A',
  calendarId: null,
};

describe('admin campaigns store', () => {
  it('loads campaigns with the systems and calendars the forms offer', async () => {
    const { client } = fakeApi({
      'GET /api/v1/campaigns': { body: [campaign] },
      'GET /api/v1/systems': {
        body: [{ id: 'ovms', name: 'OVMS', grade: 'B', calendarId: 'default' }],
      },
      'GET /api/v1/calendars': { body: [{ id: 'default', name: '默认' }] },
    });
    const store = useAdminCampaignsStore();
    store.useClient(client);
    await store.load();
    expect(store.campaigns.map((c) => c.id)).toEqual(['bidding-2015-2']);
    expect(store.systems[0]?.grade).toBe('B');
    expect(store.calendars).toHaveLength(1);
    expect(store.loadError).toBeNull();
  });

  it('creates a campaign then reloads; a refused delete keeps the API’s detail', async () => {
    const { client, requests } = fakeApi({
      'GET /api/v1/campaigns': { body: [campaign] },
      'GET /api/v1/systems': { body: [] },
      'GET /api/v1/calendars': { body: [] },
      'POST /api/v1/campaigns': { status: 201, body: campaign },
      'DELETE /api/v1/campaigns/bidding-2015-2': {
        status: 409,
        body: {
          type: 'about:blank',
          title: 'Conflict',
          status: 409,
          code: 'campaign-in-use',
          detail: '12 incidents were reported under campaign bidding-2015-2.',
        },
      },
    });
    const store = useAdminCampaignsStore();
    store.useClient(client);
    const input = { ...campaign, gradeOverride: 'A' as const };
    expect(await store.createCampaign(input)).toMatchObject({ id: 'bidding-2015-2' });
    expect(requests[0]?.body).toEqual(input);
    expect(requests.slice(1).every((r) => r.method === 'GET')).toBe(true);
    expect(await store.deleteCampaign('bidding-2015-2')).toBeNull();
    expect(store.problem?.status).toBe(409);
    expect(store.problem?.message).toBe(
      '12 incidents were reported under campaign bidding-2015-2.',
    );
    store.clearProblem();
    expect(store.problem).toBeNull();
  });

  it('changes a system’s grade', async () => {
    const { client, requests } = fakeApi({
      'PATCH /api/v1/systems/ovms': {
        body: { id: 'ovms', name: 'OVMS', grade: 'A', calendarId: 'default' },
      },
    });
    const store = useAdminCampaignsStore();
    store.useClient(client);
    expect(await store.updateSystem('ovms', { grade: 'A' })).toBeTruthy();
    expect(requests[0]?.body).toEqual({ grade: 'A' });
  });

  it('deletes an unused system, and keeps the API’s reason when one is in use', async () => {
    let systems = [
      { id: 'ovms', name: 'OVMS', grade: 'B', calendarId: 'default' },
      { id: 'spare', name: '误建', grade: 'C', calendarId: 'default' },
    ];
    const { client, requests } = fakeApi({
      'GET /api/v1/campaigns': { body: [] },
      'GET /api/v1/systems': () => ({ body: systems }),
      'GET /api/v1/calendars': { body: [] },
      'DELETE /api/v1/systems/spare': () => {
        systems = systems.filter((system) => system.id !== 'spare');
        return { status: 204 };
      },
      'DELETE /api/v1/systems/ovms': {
        status: 409,
        body: {
          type: '/problems/system-in-use',
          title: 'System in use',
          status: 409,
          detail: 'System ovms is still used by 3 incidents; change those first.',
        },
      },
    });
    const store = useAdminCampaignsStore();
    store.useClient(client);
    expect(await store.deleteSystem('spare')).toBe(true);
    expect(requests[0]).toMatchObject({ method: 'DELETE', path: '/api/v1/systems/spare' });
    expect(store.systems.map((system) => system.id)).toEqual(['ovms']);
    expect(await store.deleteSystem('ovms')).toBeNull();
    expect(store.problem).toMatchObject({
      status: 409,
      message: 'System ovms is still used by 3 incidents; change those first.',
    });
    expect(store.systems.map((system) => system.id)).toEqual(['ovms']);
  });
});
