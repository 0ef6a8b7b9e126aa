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
    expect(store.byPriority.P1.map((entry) => entry.incident.id)).toEqual([1, 2]);
    expect(store.byPriority.P2.map((entry) => entry.incident.id)).toEqual([3]);
    expect(store.breached.map((entry) => entry.incident.id)).toEqual([2]);
    expect(store.paused.map((entry) => entry.incident.id)).toEqual([3]);

    // 11:50 → 13:10: only 10 + 10 working minutes pass (lunch 12:00–13:00 is not working time).
    store.tick(at('2026-11-26T13:10'));
    const left = Object.fromEntries(
      store.live.map((entry) => [entry.incident.id, entry.leftMinutes]),
    );
    expect(left).toEqual({ 1: 10, 2: -25, 3: 30 });
    expect(store.breached.map((entry) => entry.incident.id)).toEqual([2]);

    store.tick(at('2026-11-26T13:20:30'));
    expect(store.live.find((entry) => entry.incident.id === 1)?.leftMinutes).toBe(-0.5);
    expect(store.breached.map((entry) => entry.incident.id)).toEqual([1, 2]);
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
});
