import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { fakeApi } from '../fake-api';
import { useAdminCalendarsStore, type ExceptionSetting } from './calendars';

beforeEach(() => setActivePinia(createPinia()));

const workday = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '18:00' },
];

function calendar(exceptions: unknown[], importedYears: number[]) {
  return {
    id: 'default',
    name: '默认服务窗口',
    timeZone: 'Asia/Shanghai',
    weekly: { mon: workday, tue: workday, wed: workday, thu: workday, fri: workday },
    adjustedWorkdayHours: null,
    nominalDayMinutes: 480,
    revision: 3,
    updatedAt: '2026-11-26T00:00:00Z',
    exceptions,
    coverage: {
      officialDataYears: { first: 2004, last: 2026 },
      importedYears,
      missingYears: [2027],
      notImportedYears: [],
      warnings: ['2027: no official holiday data yet'],
    },
  };
}

const nationalDay = {
  date: '2026-10-01',
  kind: 'holiday',
  hours: null,
  name: '国庆节 National Day',
  source: 'official',
};
const adjusted = {
  date: '2026-09-20',
  kind: 'workday',
  hours: null,
  name: '国庆节',
  source: 'official',
};

describe('admin calendars store', () => {
  it('imports official holidays, then shows the year with them and its coverage', async () => {
    let imported = false;
    const { client, requests } = fakeApi({
      'GET /api/v1/calendars/default': () => ({
        body: imported ? calendar([nationalDay, adjusted], [2026]) : calendar([], []),
      }),
      'POST /api/v1/calendars/default/official-holidays': () => {
        imported = true;
        return {
          body: {
            calendarId: 'default',
            revision: 4,
            years: [
              {
                year: 2026,
                officialData: true,
                holidays: 33,
                workdays: 7,
                replaced: 0,
                keptManualDates: [],
              },
            ],
            coveredYears: [2026],
            missingYears: [],
            warnings: [],
          },
        };
      },
    });
    const store = useAdminCalendarsStore();
    store.useClient(client);
    store.year = 2026;
    expect(await store.open('default')).toBe(true);
    expect(store.coverage).toBe('not_imported');
    const result = await store.importOfficial([2026]);
    expect(result?.years[0]?.holidays).toBe(33);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v1/calendars/default',
      'POST /api/v1/calendars/default/official-holidays',
      'GET /api/v1/calendars/default',
    ]);
    expect(requests[1]?.body).toEqual({ years: [2026] });
    expect(store.coverage).toBe('imported');
    const october = store.grid[9]?.weeks.flat();
    expect(october?.find((day) => day?.date === '2026-10-01')?.kind).toBe('holiday');
    expect(store.grid[8]?.weeks.flat().find((day) => day?.date === '2026-09-20')?.kind).toBe(
      'workday',
    );
    store.year = 2027;
    expect(store.coverage).toBe('no_data');
    expect(store.years).toContain(2027);
  });

  it('sets and removes one date, and keeps a refusal with its field errors', async () => {
    let refuse = false;
    const { client, requests } = fakeApi({
      'GET /api/v1/calendars/default': { body: calendar([nationalDay], [2026]) },
      'PUT /api/v1/calendars/default/exceptions/2026-12-31': () =>
        refuse
          ? {
              status: 400,
              body: {
                type: 'about:blank',
                title: 'Invalid request',
                status: 400,
                detail: 'Invalid fields: /body/hours/0/end.',
                errors: [{ pointer: '/body/hours/0/end', detail: 'after start' }],
              },
            }
          : {
              body: { date: '2026-12-31', kind: 'hours', hours: [], name: null, source: 'manual' },
            },
      'DELETE /api/v1/calendars/default/exceptions/2026-10-01': { status: 204 },
    });
    const store = useAdminCalendarsStore();
    store.useClient(client);
    await store.open('default');
    expect(store.exceptionOf('2026-10-01')?.name).toBe('国庆节 National Day');
    const setting: ExceptionSetting = { kind: 'hours', hours: [{ start: '09:00', end: '12:00' }] };
    expect(await store.setException('2026-12-31', setting)).toBe(true);
    expect(requests[1]?.body).toEqual(setting);
    expect(requests[2]?.method).toBe('GET');
    expect(await store.removeException('2026-10-01')).toBe(true);
    refuse = true;
    expect(await store.setException('2026-12-31', setting)).toBe(false);
    expect(store.problem?.fields['/body/hours/0/end']).toBe('after start');
  });

  it('changes the weekly hours and reloads the list', async () => {
    const { client, requests } = fakeApi({
      'GET /api/v1/calendars': { body: [] },
      'GET /api/v1/calendars/default': { body: calendar([], [2026]) },
      'PATCH /api/v1/calendars/default': { body: calendar([], [2026]) },
    });
    const store = useAdminCalendarsStore();
    store.useClient(client);
    await store.open('default');
    expect(await store.update({ weekly: { sat: workday } })).toBe(true);
    expect(requests.map((r) => r.method)).toEqual(['GET', 'PATCH', 'GET', 'GET']);
    expect(requests[1]?.body).toEqual({ weekly: { sat: workday } });
  });

  it('deletes the open calendar and re-reads the list; a calendar in use stays open, the reason kept', async () => {
    let list = [
      { id: 'default', name: '默认服务窗口' },
      { id: 'spare', name: '误建日历' },
    ];
    const { client, requests } = fakeApi({
      'GET /api/v1/calendars': () => ({ body: list }),
      'GET /api/v1/calendars/spare': { body: { ...calendar([], []), id: 'spare' } },
      'GET /api/v1/calendars/default': { body: calendar([], [2026]) },
      'DELETE /api/v1/calendars/spare': () => {
        list = list.filter((c) => c.id !== 'spare');
        return { status: 204 };
      },
      'DELETE /api/v1/calendars/default': {
        status: 409,
        body: {
          type: '/problems/calendar-in-use',
          title: 'Calendar in use',
          status: 409,
          detail:
            'Calendar default is still used by systems ovms; 12 incidents; change those first.',
        },
      },
    });
    const store = useAdminCalendarsStore();
    store.useClient(client);
    await store.open('spare');
    expect(await store.remove()).toBe(true);
    expect(requests.find((r) => r.method === 'DELETE')?.path).toBe('/api/v1/calendars/spare');
    expect(store.detail).toBeNull();
    expect(store.list.map((c) => c.id)).toEqual(['default']);

    await store.open('default');
    expect(await store.remove()).toBe(false);
    expect(store.problem?.message).toContain('systems ovms');
    expect(store.detail?.id).toBe('default');
  });
});
