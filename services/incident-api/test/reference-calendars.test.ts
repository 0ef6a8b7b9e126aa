/**
 * /api/v1/calendars: weekly hours, date exceptions, the import of China's official holidays, the
 * coverage report, validation through compileCalendar, and the revision bump that makes the next
 * incident's due time follow an edit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS, createTestApp, type TestApp } from './support/app.js';
import { auditTrail, expectProblem } from './support/assertions.js';

let t: TestApp;
beforeAll(async () => {
  // Monday 2026-03-02; no campaign, so OVMS (grade B) runs on the default calendar.
  t = await createTestApp({ now: '2026-03-02T10:00:00+08:00', campaignWindow: null });
});
afterAll(() => t.close());

const day = () => [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '18:00' },
];
const officeWeek = () => ({ mon: day(), tue: day(), wed: day(), thu: day(), fri: day() });

const asAdmin = {
  post: (path: string) => t.api.post(`/api/v1${path}`).set(t.auth(AS.admin)),
  patch: (path: string) => t.api.patch(`/api/v1${path}`).set(t.auth(AS.admin)),
  put: (path: string) => t.api.put(`/api/v1${path}`).set(t.auth(AS.admin)),
  delete: (path: string) => t.api.delete(`/api/v1${path}`).set(t.auth(AS.admin)),
};

async function createCalendar(id: string, extra: Record<string, unknown> = {}) {
  const res = await asAdmin.post('/calendars').send({
    id,
    name: `Calendar ${id}`,
    timeZone: 'Asia/Shanghai',
    weekly: officeWeek(),
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const auditOf = (entityId: string) => auditTrail(t, 'calendar', entityId);

const shanghai = (iso: string) =>
  new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16);

describe('reading calendars', () => {
  it('lists the seeded calendars', async () => {
    const res = await t.api.get('/api/v1/calendars').set(t.auth(AS.admin)).expect(200);
    expect(res.body.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining(['bidding-window', 'cn-default']),
    );
    const cn = res.body.find((c: { id: string }) => c.id === 'cn-default');
    expect(cn).toMatchObject({ timeZone: 'Asia/Shanghai', nominalDayMinutes: 480 });
    expect(cn.revision).toBeGreaterThanOrEqual(1);
    expect(cn.weekly.mon).toEqual(day());
    expect(cn).not.toHaveProperty('exceptions');
  });

  it('gets one with its dates and a coverage report that flags next year', async () => {
    const res = await t.api.get('/api/v1/calendars/cn-default').set(t.auth(AS.admin)).expect(200);
    expect(res.body.exceptions).toContainEqual({
      date: '2026-02-16',
      kind: 'holiday',
      hours: null,
      name: expect.stringContaining('春节'),
      source: 'official',
    });
    expect(res.body.coverage.importedYears).toContain(2026);
    expect(res.body.coverage.missingYears).toEqual([2027]);
    expect(res.body.coverage.warnings.join('\n')).toMatch(/^2027: no official holiday data yet/m);
  });

  it('lists the dates of one year', async () => {
    const res = await t.api
      .get('/api/v1/calendars/cn-default/exceptions?year=2026')
      .set(t.auth(AS.admin))
      .expect(200);
    expect(res.body.length).toBeGreaterThan(20);
    expect(res.body.every((e: { date: string }) => e.date.startsWith('2026-'))).toBe(true);
    expect(res.body).toContainEqual(
      expect.objectContaining({ date: '2026-02-14', kind: 'workday', source: 'official' }),
    );
  });

  it('answers 404 for an unknown calendar and 400 for a bad year', async () => {
    expectProblem(await t.api.get('/api/v1/calendars/nope').set(t.auth(AS.admin)), 404);
    expectProblem(await t.api.get('/api/v1/calendars/nope/exceptions').set(t.auth(AS.admin)), 404);
    expectProblem(
      await t.api.get('/api/v1/calendars/cn-default/exceptions?year=twenty').set(t.auth(AS.admin)),
      400,
      '/querystring/year',
    );
    expectProblem(
      await t.api.get('/api/v1/calendars/Bad%20Id').set(t.auth(AS.admin)),
      400,
      '/params/calendarId',
    );
  });
});

describe('creating and updating a calendar', () => {
  it('creates one, audited', async () => {
    t.clock.set('2026-03-02T10:05:00+08:00');
    const created = await createCalendar('ops-24x5', {
      weekly: { mon: [{ start: '00:00', end: '24:00' }] },
      adjustedWorkdayHours: [{ start: '08:00', end: '20:00' }],
      nominalDayMinutes: 720,
    });
    expect(created).toMatchObject({
      id: 'ops-24x5',
      revision: 1,
      nominalDayMinutes: 720,
      adjustedWorkdayHours: [{ start: '08:00', end: '20:00' }],
      updatedAt: '2026-03-02T02:05:00.000Z',
    });
    const fetched = await t.api.get('/api/v1/calendars/ops-24x5').set(t.auth(AS.admin)).expect(200);
    expect(fetched.body.exceptions).toEqual([]);
    expect(fetched.body.coverage.notImportedYears).toEqual([2026]);
    const audit = await auditOf('ops-24x5');
    expect(audit).toMatchObject([{ action: 'calendar.create', actorId: AS.admin }]);
    expect(audit[0]!.requestId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  it('refuses a taken id (409), a non-admin (403) and a missing actor (401)', async () => {
    const body = { id: 'ops-24x5', name: 'x', timeZone: 'Asia/Shanghai', weekly: officeWeek() };
    expectProblem(await asAdmin.post('/calendars').send(body), 409);
    const other = { ...body, id: 'by-desk' };
    expectProblem(await t.api.post('/api/v1/calendars').set(t.auth(AS.desk)).send(other), 403);
    expectProblem(await t.api.post('/api/v1/calendars').send(other), 401);
    expectProblem(await t.api.get('/api/v1/calendars/by-desk').set(t.auth(AS.admin)), 404);
  });

  it('names the bad field of a malformed body', async () => {
    const base = { id: 'bad', name: 'Bad', timeZone: 'Asia/Shanghai', weekly: officeWeek() };
    expectProblem(
      await asAdmin
        .post('/calendars')
        .send({ ...base, weekly: { mon: [{ start: '9:00', end: '12:00' }] } }),
      400,
      '/body/weekly/mon/0/start',
    );
    expectProblem(
      await asAdmin.post('/calendars').send({ ...base, nominalDayMinutes: 0 }),
      400,
      '/body/nominalDayMinutes',
    );
    expectProblem(
      await asAdmin.post('/calendars').send({ ...base, name: undefined }),
      400,
      '/body/name',
    );
  });

  it('validates the meaning through compileCalendar, naming the field', async () => {
    const base = { id: 'bad', name: 'Bad', timeZone: 'Asia/Shanghai', weekly: officeWeek() };
    const overlapping = await asAdmin.post('/calendars').send({
      ...base,
      weekly: {
        mon: [
          { start: '09:00', end: '12:00' },
          { start: '11:00', end: '14:00' },
        ],
      },
    });
    expectProblem(overlapping, 400, '/body/weekly/mon/1');
    expect(overlapping.body.code).toBe('overlapping-intervals');

    const backwards = await asAdmin
      .post('/calendars')
      .send({ ...base, weekly: { tue: [{ start: '18:00', end: '09:00' }] } });
    expectProblem(backwards, 400, '/body/weekly/tue/0/end');
    expect(backwards.body.code).toBe('empty-interval');
    expect(backwards.body.errors[0].detail).toBe('end 09:00 must be after start 18:00');

    const zone = await asAdmin.post('/calendars').send({ ...base, timeZone: 'Mars/Olympus_Mons' });
    expectProblem(zone, 400, '/body/timeZone');
    expect(zone.body.code).toBe('invalid-time-zone');

    const empty = await asAdmin.post('/calendars').send({ ...base, weekly: {} });
    expectProblem(empty, 422, '/body/weekly');
    expect(empty.body).toMatchObject({
      type: '/problems/calendar-unusable',
      code: 'no-working-time',
    });
    expect(empty.body.detail).toMatch(/no working time/);
    expectProblem(await t.api.get('/api/v1/calendars/bad').set(t.auth(AS.admin)), 404);
  });

  it('updates hours, time zone, 调休 hours and nominal day, bumping the revision', async () => {
    t.clock.set('2026-03-02T11:00:00+08:00');
    const res = await asAdmin.patch('/calendars/ops-24x5').send({
      name: 'Ops 24×5',
      timeZone: 'Europe/Berlin',
      weekly: { mon: day(), sat: [{ start: '10:00', end: '14:00' }] },
      adjustedWorkdayHours: null,
      nominalDayMinutes: 420,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Ops 24×5',
      timeZone: 'Europe/Berlin',
      adjustedWorkdayHours: null,
      nominalDayMinutes: 420,
      revision: 2,
      updatedAt: '2026-03-02T03:00:00.000Z',
    });
    expect(res.body.weekly).toEqual({ mon: day(), sat: [{ start: '10:00', end: '14:00' }] });
    const audit = await auditOf('ops-24x5');
    expect(audit.at(-1)).toMatchObject({
      action: 'calendar.update',
      before: expect.objectContaining({ timeZone: 'Asia/Shanghai', revision: 1 }),
      after: expect.objectContaining({ timeZone: 'Europe/Berlin', revision: 2 }),
    });
  });

  it('refuses an update that would leave no working time, or 调休 days without hours', async () => {
    const revision = (
      await t.api.get('/api/v1/calendars/cn-default').set(t.auth(AS.admin)).expect(200)
    ).body.revision;
    expectProblem(
      await asAdmin.patch('/calendars/ops-24x5').send({ weekly: {} }),
      422,
      '/body/weekly',
    );
    // The default calendar holds official 调休 days: without any weekday hours they have none.
    const noHours = await asAdmin.patch('/calendars/cn-default').send({ weekly: {} });
    expectProblem(noHours, 422, '/body/weekly');
    expect(noHours.body.code).toBe('missing-adjusted-workday-hours');
    expect(noHours.body.errors[0].detail).toMatch(/调休 date \d{4}-\d{2}-\d{2}/);
    expect(noHours.body.errors[0].detail).not.toMatch(/exceptions\[/);
    const emptyAdjusted = await asAdmin
      .patch('/calendars/cn-default')
      .send({ adjustedWorkdayHours: [] });
    expectProblem(emptyAdjusted, 422, '/body/adjustedWorkdayHours');
    // Nothing changed.
    const cn = await t.api.get('/api/v1/calendars/cn-default').set(t.auth(AS.admin)).expect(200);
    expect(cn.body.revision).toBe(revision);
  });

  it('answers 404, 403 and 401 on update', async () => {
    expectProblem(await asAdmin.patch('/calendars/nope').send({ name: 'x' }), 404);
    expectProblem(
      await t.api.patch('/api/v1/calendars/ops-24x5').set(t.auth(AS.system)).send({ name: 'x' }),
      403,
    );
    expectProblem(await t.api.patch('/api/v1/calendars/ops-24x5').send({ name: 'x' }), 401);
    expectProblem(
      await asAdmin.patch('/calendars/ops-24x5').send({ weekly: { monday: day() } }),
      400,
      '/body/weekly',
    );
  });
});

describe('date exceptions', () => {
  beforeAll(async () => {
    await createCalendar('exc');
  });

  it('sets a holiday, a 调休 working day and a day with its own hours', async () => {
    const holiday = await asAdmin
      .put('/calendars/exc/exceptions/2026-05-04')
      .send({ kind: 'holiday', name: '劳动节 Labour Day' });
    expect(holiday.status, JSON.stringify(holiday.body)).toBe(201);
    expect(holiday.body).toEqual({
      date: '2026-05-04',
      kind: 'holiday',
      hours: null,
      name: '劳动节 Labour Day',
      source: 'manual',
    });
    await asAdmin.put('/calendars/exc/exceptions/2026-05-09').send({ kind: 'workday' }).expect(201);
    await asAdmin
      .put('/calendars/exc/exceptions/2026-05-08')
      .send({ kind: 'hours', hours: [{ start: '09:00', end: '12:00' }] })
      .expect(201);
    // Setting a date again replaces it (200).
    const again = await asAdmin
      .put('/calendars/exc/exceptions/2026-05-08')
      .send({ kind: 'hours', hours: [] });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ kind: 'hours', hours: [] });

    const list = await t.api
      .get('/api/v1/calendars/exc/exceptions?year=2026')
      .set(t.auth(AS.admin))
      .expect(200);
    expect(list.body.map((e: { date: string; kind: string }) => `${e.date} ${e.kind}`)).toEqual([
      '2026-05-04 holiday',
      '2026-05-08 hours',
      '2026-05-09 workday',
    ]);
    expect(
      (
        await t.api
          .get('/api/v1/calendars/exc/exceptions?year=2025')
          .set(t.auth(AS.admin))
          .expect(200)
      ).body,
    ).toEqual([]);
    const cal = await t.api.get('/api/v1/calendars/exc').set(t.auth(AS.admin)).expect(200);
    expect(cal.body.revision).toBe(5);
    const audit = await auditOf('exc');
    expect(audit.map((a) => a.action)).toEqual([
      'calendar.create',
      'calendar.exception.upsert',
      'calendar.exception.upsert',
      'calendar.exception.upsert',
      'calendar.exception.upsert',
    ]);
    expect(audit.at(-1)).toMatchObject({
      before: expect.objectContaining({
        date: '2026-05-08',
        hours: [{ start: '09:00', end: '12:00' }],
      }),
      after: expect.objectContaining({ date: '2026-05-08', hours: [] }),
    });
  });

  it('names the bad field of an exception', async () => {
    expectProblem(
      await asAdmin.put('/calendars/exc/exceptions/2026-05-10').send({ kind: 'hours' }),
      400,
      '/body/hours',
    );
    expectProblem(
      await asAdmin
        .put('/calendars/exc/exceptions/2026-05-10')
        .send({ kind: 'holiday', hours: [] }),
      400,
      '/body/hours',
    );
    expectProblem(
      await asAdmin.put('/calendars/exc/exceptions/2026-05-10').send({ kind: 'vacation' }),
      400,
      '/body/kind',
    );
    const overlap = await asAdmin.put('/calendars/exc/exceptions/2026-05-10').send({
      kind: 'hours',
      hours: [
        { start: '09:00', end: '12:00' },
        { start: '10:00', end: '11:00' },
      ],
    });
    expectProblem(overlap, 400, '/body/hours/1');
    expect(overlap.body.code).toBe('overlapping-intervals');
    const nonDate = await asAdmin
      .put('/calendars/exc/exceptions/2026-02-30')
      .send({ kind: 'holiday' });
    expectProblem(nonDate, 400, '/params/date');
    expect(nonDate.body.code).toBe('invalid-date');
    expectProblem(
      await asAdmin.put('/calendars/exc/exceptions/10-05-2026').send({ kind: 'holiday' }),
      400,
      '/params/date',
    );
  });

  it('refuses a 调休 day on a calendar with no hours to work it', async () => {
    // A calendar whose only working time is one dated exception.
    await createCalendar('only-dates', { weekly: { mon: day() } });
    await asAdmin
      .put('/calendars/only-dates/exceptions/2026-06-01')
      .send({ kind: 'hours', hours: [{ start: '10:00', end: '11:00' }] })
      .expect(201);
    await asAdmin.patch('/calendars/only-dates').send({ weekly: {} }).expect(200);
    const workday = await asAdmin
      .put('/calendars/only-dates/exceptions/2026-06-06')
      .send({ kind: 'workday' });
    expectProblem(workday, 422, '/body/kind');
    expect(workday.body.code).toBe('missing-adjusted-workday-hours');
    // Turning its only working date into a holiday would leave no working time at all.
    const holiday = await asAdmin
      .put('/calendars/only-dates/exceptions/2026-06-01')
      .send({ kind: 'holiday' });
    expectProblem(holiday, 422, '/body/kind');
    expect(holiday.body.code).toBe('no-working-time');
    const removal = await asAdmin.delete('/calendars/only-dates/exceptions/2026-06-01');
    expectProblem(removal, 422, '/params/date');
    // The official 调休 days of 2026 would have no hours either: the import is refused whole.
    const imported = await asAdmin
      .post('/calendars/only-dates/official-holidays')
      .send({ years: [2026] });
    expectProblem(imported, 422, '/body/years');
    expect(imported.body.code).toBe('missing-adjusted-workday-hours');
    const dates = await t.api
      .get('/api/v1/calendars/only-dates/exceptions')
      .set(t.auth(AS.admin))
      .expect(200);
    expect(dates.body).toHaveLength(1);
  });

  it('answers 404, 403 and 401 around exceptions', async () => {
    expectProblem(
      await asAdmin.put('/calendars/nope/exceptions/2026-05-04').send({ kind: 'holiday' }),
      404,
    );
    expectProblem(await asAdmin.delete('/calendars/exc/exceptions/2026-12-25'), 404);
    expectProblem(await asAdmin.delete('/calendars/nope/exceptions/2026-05-04'), 404);
    expectProblem(
      await t.api
        .put('/api/v1/calendars/exc/exceptions/2026-05-11')
        .set(t.auth(AS.leaders))
        .send({ kind: 'holiday' }),
      403,
    );
    expectProblem(
      await t.api.put('/api/v1/calendars/exc/exceptions/2026-05-11').send({ kind: 'holiday' }),
      401,
    );
    expectProblem(await t.api.delete('/api/v1/calendars/exc/exceptions/2026-05-04'), 401);
    expectProblem(
      await t.api.delete('/api/v1/calendars/exc/exceptions/2026-05-04').set(t.auth(AS.desk)),
      403,
    );
  });

  it('counts every one of concurrent edits in the revision', async () => {
    const before = (await t.api.get('/api/v1/calendars/exc').set(t.auth(AS.admin)).expect(200)).body
      .revision;
    const dates = ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'];
    const results = await Promise.all(
      dates.map((date) =>
        asAdmin.put(`/calendars/exc/exceptions/${date}`).send({ kind: 'holiday', name: '国庆节' }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(dates.map(() => 201));
    const after = await t.api.get('/api/v1/calendars/exc').set(t.auth(AS.admin)).expect(200);
    expect(after.body.revision).toBe(before + dates.length);
    await Promise.all(
      dates.map((date) => asAdmin.delete(`/calendars/exc/exceptions/${date}`).expect(204)),
    );
  });

  it('deletes one date, audited', async () => {
    const before = (await t.api.get('/api/v1/calendars/exc').set(t.auth(AS.admin)).expect(200)).body
      .revision;
    await asAdmin.delete('/calendars/exc/exceptions/2026-05-04').expect(204);
    const after = await t.api.get('/api/v1/calendars/exc').set(t.auth(AS.admin)).expect(200);
    expect(after.body.revision).toBe(before + 1);
    expect(after.body.exceptions.map((e: { date: string }) => e.date)).not.toContain('2026-05-04');
    expect((await auditOf('exc')).at(-1)).toMatchObject({
      action: 'calendar.exception.delete',
      before: expect.objectContaining({ date: '2026-05-04', kind: 'holiday' }),
      after: null,
    });
  });
});

describe('importing China’s official holidays', () => {
  beforeAll(async () => {
    await createCalendar('import');
  });

  it('imports 2026 and reports 2027 as missing', async () => {
    const res = await asAdmin
      .post('/calendars/import/official-holidays')
      .send({ years: [2027, 2026] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      calendarId: 'import',
      revision: 2,
      coveredYears: [2026],
      missingYears: [2027],
    });
    const [y2026, y2027] = res.body.years;
    expect(y2026).toMatchObject({
      year: 2026,
      officialData: true,
      replaced: 0,
      keptManualDates: [],
    });
    expect(y2026.holidays).toBeGreaterThan(20);
    expect(y2026.workdays).toBeGreaterThan(3);
    expect(y2027).toEqual({
      year: 2027,
      officialData: false,
      holidays: 0,
      workdays: 0,
      replaced: 0,
      keptManualDates: [],
    });
    expect(res.body.warnings.join('\n')).toMatch(/2027: no official holiday data yet/);

    const dates = await t.api
      .get('/api/v1/calendars/import/exceptions?year=2026')
      .set(t.auth(AS.admin))
      .expect(200);
    const byDate = new Map(dates.body.map((e: { date: string }) => [e.date, e]));
    // Spring Festival 2026: Saturday 02-14 is an adjusted working day (调休), Monday 02-16 is off.
    expect(byDate.get('2026-02-14')).toMatchObject({ kind: 'workday', source: 'official' });
    expect(byDate.get('2026-02-16')).toMatchObject({ kind: 'holiday', source: 'official' });

    const coverage = (await t.api.get('/api/v1/calendars/import').set(t.auth(AS.admin)).expect(200))
      .body.coverage;
    expect(coverage).toMatchObject({
      importedYears: [2026],
      missingYears: [2027],
      notImportedYears: [],
    });
    expect((await auditOf('import')).at(-1)).toMatchObject({
      action: 'calendar.official-holidays.import',
      after: expect.objectContaining({ coveredYears: [2026], missingYears: [2027] }),
    });
  });

  it('replaces earlier official dates of the year and keeps the dates set by hand', async () => {
    // An admin corrects 2026-02-16: the desk works a half day.
    await asAdmin
      .put('/calendars/import/exceptions/2026-02-16')
      .send({ kind: 'hours', hours: [{ start: '09:00', end: '12:00' }], name: '值班 on duty' })
      .expect(200);
    const before = await t.api
      .get('/api/v1/calendars/import/exceptions?year=2026')
      .set(t.auth(AS.admin))
      .expect(200);
    const officialBefore = before.body.filter((e: { source: string }) => e.source === 'official');

    const res = await asAdmin.post('/calendars/import/official-holidays').send({ years: [2026] });
    expect(res.status).toBe(200);
    expect(res.body.years[0]).toMatchObject({
      year: 2026,
      replaced: officialBefore.length,
      keptManualDates: ['2026-02-16'],
    });
    expect(res.body.warnings).toEqual([]);
    const after = await t.api
      .get('/api/v1/calendars/import/exceptions?year=2026')
      .set(t.auth(AS.admin))
      .expect(200);
    expect(after.body).toHaveLength(before.body.length);
    expect(after.body.find((e: { date: string }) => e.date === '2026-02-16')).toMatchObject({
      kind: 'hours',
      source: 'manual',
    });
  });

  it('flags a year with dates set by hand but no official data', async () => {
    await asAdmin
      .put('/calendars/import/exceptions/2027-02-08')
      .send({ kind: 'holiday', name: '春节 (expected)' })
      .expect(201);
    const coverage = (await t.api.get('/api/v1/calendars/import').set(t.auth(AS.admin)).expect(200))
      .body.coverage;
    expect(coverage.missingYears).toEqual([2027]);
    expect(coverage.warnings.join('\n')).toMatch(/2027: .* the 1 date\(s\) set by hand/);
  });

  it('refuses a bad body, an unknown calendar, a non-admin and a missing actor', async () => {
    expectProblem(
      await asAdmin.post('/calendars/import/official-holidays').send({ years: [] }),
      400,
      '/body/years',
    );
    expectProblem(
      await asAdmin.post('/calendars/import/official-holidays').send({ years: ['2026'] }),
      400,
      '/body/years/0',
    );
    expectProblem(
      await asAdmin.post('/calendars/nope/official-holidays').send({ years: [2026] }),
      404,
    );
    expectProblem(
      await t.api
        .post('/api/v1/calendars/import/official-holidays')
        .set(t.auth(AS.vendor))
        .send({ years: [2026] }),
      403,
    );
    expectProblem(
      await t.api.post('/api/v1/calendars/import/official-holidays').send({ years: [2026] }),
      401,
    );
  });
});

describe('an edit reaches the next incident’s due time', () => {
  const report = async (reportedAt: string) => {
    const res = await t.api
      .post('/api/v1/incidents')
      .set(t.auth(AS.desk))
      .send({
        channel: 'hotline_fault',
        kind: 'system_fault',
        category: 'system_defect',
        title: '报价单无法导出',
        description: '一家供应商无法导出报价单。',
        symptom: 'data_wrong',
        scope: 'one',
        reporter: { organisation: '华东区-上海', name: '李四' },
        reportedAt,
      });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };

  it('moves the due time when a date becomes a holiday, and back when it is removed', async () => {
    t.clock.set('2026-03-02T16:00:00+08:00');
    // high × one user → P3; grade B P3 → 4 working hours: Mon 16–18, Tue 09–11.
    const first = await report('2026-03-02T16:00:00+08:00');
    expect(first).toMatchObject({ priority: 'P3', effectiveGrade: 'B', calendarId: 'cn-default' });
    expect(shanghai(first.sla.dueAt)).toBe('2026-03-03 11:00');

    await asAdmin
      .put('/calendars/cn-default/exceptions/2026-03-03')
      .send({ kind: 'holiday', name: 'closed for the bidding' })
      .expect(201);
    const second = await report('2026-03-02T16:00:00+08:00');
    expect(shanghai(second.sla.dueAt)).toBe('2026-03-04 11:00');

    await asAdmin.delete('/calendars/cn-default/exceptions/2026-03-03').expect(204);
    const third = await report('2026-03-02T16:00:00+08:00');
    expect(shanghai(third.sla.dueAt)).toBe('2026-03-03 11:00');
  });

  it('follows a change of weekly hours', async () => {
    t.clock.set('2026-03-02T16:30:00+08:00');
    await asAdmin
      .patch('/calendars/cn-default')
      .send({
        weekly: {
          ...officeWeek(),
          mon: [
            { start: '09:00', end: '12:00' },
            { start: '13:00', end: '20:00' },
          ],
        },
      })
      .expect(200);
    // Mon 16–20 is 4 working hours now: due the same evening.
    const incident = await report('2026-03-02T16:00:00+08:00');
    expect(shanghai(incident.sla.dueAt)).toBe('2026-03-02 20:00');
  });
});
