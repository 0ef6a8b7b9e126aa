import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { fakeApi } from './fake-api';
import { useWarRoomStore } from './war-room';

const hours = [
  { start: '08:00', end: '12:00' },
  { start: '13:00', end: '20:00' },
];
const biddingWindow = {
  id: 'bidding-window',
  name: 'Bidding window',
  timeZone: 'Asia/Shanghai',
  weekly: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours },
  adjustedWorkdayHours: hours,
  nominalDayMinutes: 480,
  revision: 1,
  updatedAt: '2026-11-26T00:00:00Z',
  exceptions: [],
  coverage: {
    officialDataYears: { first: 2004, last: 2026 },
    importedYears: [2026],
    missingYears: [],
    notImportedYears: [],
    warnings: [],
  },
};

function incident(id: number, priority: string, sla: Record<string, unknown>) {
  return {
    id,
    priority,
    calendarId: 'bidding-window',
    sla: {
      dueAt: `2026-11-26T0${id}:00:00Z`,
      leftMinutes: 30,
      percent: 10,
      paused: false,
      stopped: false,
      breached: false,
      ...sla,
    },
  };
}

const at = (local: string) => Date.parse(`${local}+08:00`);

beforeEach(() => {
  setActivePinia(createPinia());
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('war room store', () => {
  it('reads every page, groups by priority and counts down in the calendar working time', async () => {
    vi.setSystemTime(at('2026-11-26T11:50'));
    const { client, requests } = fakeApi({
      'GET /api/v1/incidents': (request) =>
        new URLSearchParams(request.search).get('cursor') === 'page-2'
          ? { body: { items: [incident(3, 'P2', { paused: true })], nextCursor: null } }
          : {
              body: {
                items: [
                  incident(1, 'P1', {}),
                  incident(2, 'P1', { leftMinutes: -5, breached: true }),
                ],
                nextCursor: 'page-2',
              },
            },
      'GET /api/v1/calendars/bidding-window': { body: biddingWindow },
    });
    const store = useWarRoomStore();
    store.useClient(client);
    await store.poll();
    await vi.waitFor(() => expect(store.calendars.size).toBe(1));

    expect(requests.filter((request) => request.path === '/api/v1/incidents')).toHaveLength(2);
    expect(store.byPriority.P1.map((incident) => incident.id)).toEqual([1, 2]);
    expect(store.byPriority.P2.map((incident) => incident.id)).toEqual([3]);
    expect(store.breached.map((entry) => entry.incident.id)).toEqual([2]);
    expect(store.paused.map((incident) => incident.id)).toEqual([3]);

    // 11:50 → 13:10: only 10 + 10 working minutes pass (lunch 12:00–13:00 is not working time).
    store.tick(at('2026-11-26T13:10'));
    const left = Object.fromEntries(
      store.live.map((entry) => [entry.incident.id, entry.leftMinutes]),
    );
    expect(left).toEqual({ 1: 10, 2: -25, 3: 30 });
    expect(store.breached.map((entry) => entry.incident.id)).toEqual([2]);

    store.tick(at('2026-11-26T13:20:30'));
    expect(store.live.find((entry) => entry.incident.id === 1)?.leftMinutes).toBe(-0.5);
    expect(store.leftMinutesOf(store.byPriority.P1[0]!)).toBe(-0.5);
    expect(store.breached.map((entry) => entry.incident.id)).toEqual([1, 2]);
  });

  it('counts each incident down in its own calendar, also when several share a tick', async () => {
    vi.setSystemTime(at('2026-11-26T11:50'));
    const day = [{ start: '00:00', end: '24:00' }];
    const roundTheClock = {
      ...biddingWindow,
      id: 'round-the-clock',
      weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
    };
    const { client } = fakeApi({
      'GET /api/v1/incidents': {
        body: {
          items: [
            incident(1, 'P1', {}),
            { ...incident(2, 'P1', {}), calendarId: 'round-the-clock' },
            incident(3, 'P2', {}),
          ],
          nextCursor: null,
        },
      },
      'GET /api/v1/calendars/bidding-window': { body: biddingWindow },
      'GET /api/v1/calendars/round-the-clock': { body: roundTheClock },
    });
    const store = useWarRoomStore();
    store.useClient(client);
    await store.poll();
    await vi.waitFor(() => expect(store.calendars.size).toBe(2));

    // 11:50 → 13:10: 20 working minutes in the bidding window, 80 round the clock.
    store.tick(at('2026-11-26T13:10'));
    const left = () =>
      Object.fromEntries(store.live.map((entry) => [entry.incident.id, entry.leftMinutes]));
    expect(left()).toEqual({ 1: 10, 2: -50, 3: 10 });
    // The next tick is counted afresh, not served from the previous one.
    store.tick(at('2026-11-26T13:15'));
    expect(left()).toEqual({ 1: 5, 2: -55, 3: 5 });
    expect(store.breached.map((entry) => entry.incident.id)).toEqual([2]);
  });

  it('keeps the last wall on a failed poll and shows the problem', async () => {
    let fail = false;
    const { client } = fakeApi({
      'GET /api/v1/incidents': () =>
        fail
          ? {
              status: 503,
              body: { type: 'about:blank', title: 'Service Unavailable', status: 503 },
            }
          : { body: { items: [incident(1, 'P1', {})], nextCursor: null } },
    });
    const store = useWarRoomStore();
    store.useClient(client);
    await store.poll();
    fail = true;
    await store.poll();
    expect(store.items).toHaveLength(1);
    expect(store.error?.status).toBe(503);
  });

  it('lists the escalated P1s that may stop the bidding, and records the leaders’ decision on the version shown', async () => {
    const escalated = {
      ...incident(1, 'P1', {}),
      version: 4,
      status: 'with_system',
      fallbackDecision: null,
    };
    let decided = false;
    const { client, requests } = fakeApi({
      'GET /api/v1/incidents': () => ({
        body: {
          items: [
            decided
              ? {
                  ...escalated,
                  version: 5,
                  fallbackDecision: {
                    decision: 'offline_bidding',
                    reason: '短时无法恢复',
                    decidedBy: 'wang-xiaofeng',
                    at: '2026-11-26T03:00:00Z',
                  },
                }
              : escalated,
            { ...incident(2, 'P1', {}), status: 'reported', fallbackDecision: null },
            { ...incident(3, 'P2', {}), status: 'with_system', fallbackDecision: null },
          ],
          nextCursor: null,
        },
      }),
      'POST /api/v1/incidents/1/fallback-decisions': () => {
        decided = true;
        return { body: {} };
      },
    });
    const store = useWarRoomStore();
    store.useClient(client);
    await store.poll();
    expect(store.stoppingBidding.map((i) => i.id)).toEqual([1]);

    expect(await store.decide(store.stoppingBidding[0]!, 'offline_bidding', '短时无法恢复')).toBe(
      true,
    );
    const post = requests.find((r) => r.method === 'POST')!;
    expect(post.headers.get('if-match')).toBe('"4"');
    expect(post.body).toEqual({ decision: 'offline_bidding', reason: '短时无法恢复' });
    expect(store.stoppingBidding[0]?.fallbackDecision?.decision).toBe('offline_bidding');
  });

  it('shows the refusal of a decision and re-reads the wall on a stale version', async () => {
    const { client, requests } = fakeApi({
      'GET /api/v1/incidents': {
        body: {
          items: [{ ...incident(1, 'P1', {}), status: 'onsite', version: 2 }],
          nextCursor: null,
        },
      },
      'POST /api/v1/incidents/1/fallback-decisions': {
        status: 412,
        body: { type: 'about:blank', title: 'Precondition Failed', status: 412, detail: 'changed' },
      },
    });
    const store = useWarRoomStore();
    store.useClient(client);
    await store.poll();
    expect(await store.decide(store.items[0]!, 'rerun_online_after_recovery', '已恢复')).toBe(
      false,
    );
    expect(store.decisionError).toMatchObject({ status: 412, message: 'changed' });
    expect(requests.filter((r) => r.path === '/api/v1/incidents')).toHaveLength(2);
  });
});
