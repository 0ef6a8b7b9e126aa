import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { fakeApi } from '../fake-api';
import { useAdminPolicyStore } from './policy';

beforeEach(() => setActivePinia(createPinia()));

const version = (id: number) => ({
  id,
  symptomImpact: {
    unusable: 'high',
    data_wrong: 'high',
    slow: 'medium',
    partly_unusable: 'medium',
    other: 'low',
  },
  priorityMatrix: {
    high: { all: 'P1', some: 'P2', one: 'P3' },
    medium: { all: 'P2', some: 'P3', one: 'P4' },
    low: { all: 'P3', some: 'P4', one: 'P4' },
  },
  resolutionTargets: {
    A: { P1: { minutes: 30 }, P2: { minutes: 60 }, P3: { minutes: 120 }, P4: { minutes: 240 } },
    B: { P1: { minutes: 60 }, P2: { minutes: 120 }, P3: { minutes: 240 }, P4: { workingDays: 1 } },
    C: {
      P1: { minutes: 120 },
      P2: { minutes: 240 },
      P3: { workingDays: 1 },
      P4: { workingDays: 2 },
    },
  },
  noticeThresholds: [{ percent: 100, audience: ['leaders'] }],
  note: `v${id}`,
  createdBy: null,
  createdAt: '2026-01-01T00:00:00Z',
});

describe('admin policy store', () => {
  it('drafts from the version in force and publishes the edited copy', async () => {
    let published = false;
    const { client, requests } = fakeApi({
      'GET /api/v1/policy/versions': () => ({
        body: published ? [version(2), version(1)] : [version(1)],
      }),
      'POST /api/v1/policy/versions': () => {
        published = true;
        return { status: 201, body: version(2) };
      },
    });
    const store = useAdminPolicyStore();
    store.useClient(client);
    await store.load();
    expect(store.current?.id).toBe(1);
    store.startDraft();
    store.draft!.resolutionTargets.B.P4 = { minutes: 360 };
    store.draft!.note = 'B/P4: 6 h';
    expect(await store.publish()).toBe(true);
    expect(requests[1]?.body).toMatchObject({
      resolutionTargets: { B: { P4: { minutes: 360 } } },
      note: 'B/P4: 6 h',
    });
    expect(store.draft).toBeNull();
    expect(store.current?.id).toBe(2);
    // the version before is untouched
    expect(store.versions[1]?.resolutionTargets.B.P4).toEqual({ workingDays: 1 });
  });
});
