/**
 * /api/v1/groups and /api/v1/people: the roster of plan §3 (groups with fixed ids, duty phones and
 * duties; people with their memberships and lead flags), and the guard that keeps an admin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUPS } from '@ovms/policy';
import { AS, createTestApp, type TestApp } from './support/app.js';
import { auditTrail, expectProblem } from './support/assertions.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const auditOf = (entity: string, entityId: string) => auditTrail(t, entity, entityId);

const newcomer = {
  id: 'chen-jing',
  name: '陈静',
  organisation: '顺丰',
  title: '值班',
  phone: '0755-36646000',
  email: 'chen.jing@example.com',
  groups: [{ groupId: 'desk' }, { groupId: 'system', isLead: false }],
};

describe('groups', () => {
  it('lists every group with its members, leads and duty phones', async () => {
    const res = await t.api.get('/api/v1/groups').set(t.auth(AS.admin)).expect(200);
    expect(res.body.map((g: { id: string }) => g.id).sort()).toEqual([...GROUPS].sort());
    const leaders = res.body.find((g: { id: string }) => g.id === 'leaders');
    expect(leaders.phones.length).toBeGreaterThan(0);
    expect(leaders.duties).toBeTruthy();
    expect(leaders.members[0]).toMatchObject({ personId: AS.leaders, isLead: true, active: true });
    const admins = res.body.find((g: { id: string }) => g.id === 'admin');
    expect(admins.members.map((m: { personId: string }) => m.personId)).toContain(AS.admin);
  });

  it('gets one group; an id outside the plan’s groups is refused', async () => {
    const desk = await t.api.get('/api/v1/groups/desk').set(t.auth(AS.admin)).expect(200);
    expect(desk.body).toMatchObject({ id: 'desk', nameZh: expect.any(String) });
    expectProblem(
      await t.api.get('/api/v1/groups/marketing').set(t.auth(AS.admin)),
      400,
      '/params/groupId',
    );
  });

  it('updates names, duty phones and duties, audited', async () => {
    const res = await t.api
      .patch('/api/v1/groups/devops')
      .set(t.auth(AS.admin))
      .send({ phones: ['0755-36640001', '0755-36640002'], duties: '执行版本与SQL脚本；监控' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      id: 'devops',
      phones: ['0755-36640001', '0755-36640002'],
      duties: '执行版本与SQL脚本；监控',
    });
    expect(res.body.members.length).toBeGreaterThan(0);
    expect(
      (await t.api.get('/api/v1/groups/devops').set(t.auth(AS.admin)).expect(200)).body,
    ).toEqual(res.body);
    const [entry] = await auditOf('group', 'devops');
    expect(entry).toMatchObject({
      action: 'group.update',
      actorId: AS.admin,
      after: { phones: ['0755-36640001', '0755-36640002'] },
    });
    expect(entry!.before).not.toHaveProperty('members');
  });

  it('refuses a bad body, a non-admin and a missing actor', async () => {
    expectProblem(
      await t.api
        .patch('/api/v1/groups/desk')
        .set(t.auth(AS.admin))
        .send({ phones: ['call'] }),
      400,
      '/body/phones/0',
    );
    expectProblem(
      await t.api.patch('/api/v1/groups/desk').set(t.auth(AS.admin)).send({ nameEn: '' }),
      400,
      '/body/nameEn',
    );
    expectProblem(
      await t.api.patch('/api/v1/groups/desk').set(t.auth(AS.desk)).send({ duties: 'x' }),
      403,
    );
    expectProblem(await t.api.patch('/api/v1/groups/desk').send({ duties: 'x' }), 401);
  });
});

describe('people', () => {
  it('lists the roster with groups, filtered by group and activity', async () => {
    const all = await t.api.get('/api/v1/people').set(t.auth(AS.admin)).expect(200);
    expect(all.body.length).toBeGreaterThan(5);
    expect(all.body.find((p: { id: string }) => p.id === AS.leaders)).toMatchObject({
      active: true,
      groups: [{ groupId: 'leaders', isLead: true }],
    });
    const vendor = await t.api.get('/api/v1/people?group=vendor').set(t.auth(AS.admin)).expect(200);
    expect(vendor.body.length).toBeGreaterThan(0);
    for (const p of vendor.body) {
      expect(p.groups.map((g: { groupId: string }) => g.groupId)).toContain('vendor');
    }
    expect(
      (await t.api.get('/api/v1/people?active=false').set(t.auth(AS.admin)).expect(200)).body,
    ).toEqual([]);
    expectProblem(
      await t.api.get('/api/v1/people?group=sales').set(t.auth(AS.admin)),
      400,
      '/querystring/group',
    );
    expectProblem(
      await t.api.get('/api/v1/people?active=yes').set(t.auth(AS.admin)),
      400,
      '/querystring/active',
    );
  });

  it('gets one person; 404 for an unknown id', async () => {
    const res = await t.api.get(`/api/v1/people/${AS.admin}`).set(t.auth(AS.admin)).expect(200);
    expect(res.body).toMatchObject({ id: AS.admin, groups: [{ groupId: 'admin', isLead: false }] });
    expectProblem(await t.api.get('/api/v1/people/nobody').set(t.auth(AS.admin)), 404);
  });

  it('creates a person with groups, audited; the person can act at once', async () => {
    const res = await t.api.post('/api/v1/people').set(t.auth(AS.admin)).send(newcomer);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      ...newcomer,
      active: true,
      groups: [
        { groupId: 'desk', isLead: false },
        { groupId: 'system', isLead: false },
      ],
    });
    expect(await auditOf('person', 'chen-jing')).toMatchObject([
      { action: 'person.create', actorId: AS.admin, after: { id: 'chen-jing' } },
    ]);
    const desk = await t.api.get('/api/v1/groups/desk').set(t.auth(AS.admin)).expect(200);
    expect(desk.body.members.map((m: { personId: string }) => m.personId)).toContain('chen-jing');
    // Known to the interim identity, but not an admin.
    expectProblem(
      await t.api
        .patch('/api/v1/groups/desk')
        .set(await t.authFresh('chen-jing'))
        .send({ duties: 'x' }),
      403,
    );
  });

  it('creates a person with a first password they sign in with at once, never audited', async () => {
    const password = 'first-shift-2015';
    const res = await t.api
      .post('/api/v1/people')
      .set(t.auth(AS.admin))
      .send({ ...newcomer, id: 'he-ping', name: '何平', email: null, password });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).not.toHaveProperty('password');
    const { cookie } = await t.signIn('he-ping', password);
    const me = await t.api.get('/api/v1/auth/session').set('cookie', cookie).expect(200);
    expect(me.body.person).toMatchObject({ id: 'he-ping', name: '何平' });
    const [entry] = await auditOf('person', 'he-ping');
    expect(entry).toMatchObject({ action: 'person.create', after: { passwordSet: true } });
    expect(JSON.stringify(entry)).not.toContain(password);
    // Without one, nobody can sign in as them until an admin sets a password.
    await t.api
      .post('/api/v1/people')
      .set(t.auth(AS.admin))
      .send({ ...newcomer, id: 'no-password', email: null })
      .expect(201);
    expectProblem(
      await t.api
        .post('/api/v1/auth/sign-in')
        .send({ login: 'no-password', password: 'anything-at-all' }),
      401,
    );
    // Too short: the field is named, and the person is not half-created.
    expectProblem(
      await t.api
        .post('/api/v1/people')
        .set(t.auth(AS.admin))
        .send({ ...newcomer, id: 'short-pw', password: 'short' }),
      400,
      '/body/password',
    );
    expectProblem(await t.api.get('/api/v1/people/short-pw').set(t.auth(AS.admin)), 404);
  });

  it('refuses bad bodies naming the field, and a taken id', async () => {
    const post = (body: Record<string, unknown>) =>
      t.api
        .post('/api/v1/people')
        .set(t.auth(AS.admin))
        .send({ ...newcomer, id: 'x1', ...body });
    expectProblem(await post({ email: 'not-an-email' }), 400, '/body/email');
    expectProblem(await post({ phone: 'call me' }), 400, '/body/phone');
    expectProblem(await post({ name: '' }), 400, '/body/name');
    expectProblem(await post({ groups: [{ groupId: 'sales' }] }), 400, '/body/groups/0/groupId');
    expectProblem(
      await post({ groups: [{ groupId: 'desk' }, { groupId: 'desk', isLead: true }] }),
      400,
      '/body/groups/1/groupId',
    );
    expectProblem(await post({ id: 'chen-jing' }), 409);
    expectProblem(
      await t.api
        .post('/api/v1/people')
        .set(t.auth(AS.desk))
        .send({ ...newcomer, id: 'x1' }),
      403,
    );
    expectProblem(await t.api.post('/api/v1/people').send({ ...newcomer, id: 'x1' }), 401);
    expectProblem(await t.api.get('/api/v1/people/x1').set(t.auth(AS.admin)), 404);
  });

  it('updates a person, audited; 404 for an unknown one', async () => {
    const res = await t.api
      .patch('/api/v1/people/chen-jing')
      .set(t.auth(AS.admin))
      .send({ title: '值班组长', phone: null });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ title: '值班组长', phone: null, email: newcomer.email });
    expect(
      (await t.api.get('/api/v1/people/chen-jing').set(t.auth(AS.admin)).expect(200)).body,
    ).toEqual(res.body);
    expect((await auditOf('person', 'chen-jing')).at(-1)).toMatchObject({
      action: 'person.update',
      before: { title: '值班', phone: newcomer.phone },
      after: { title: '值班组长', phone: null },
    });
    expectProblem(
      await t.api.patch('/api/v1/people/nobody').set(t.auth(AS.admin)).send({ title: 'x' }),
      404,
    );
    expectProblem(
      await t.api.patch('/api/v1/people/chen-jing').set(t.auth(AS.admin)).send({ email: 'x' }),
      400,
      '/body/email',
    );
    expectProblem(
      await t.api.patch('/api/v1/people/chen-jing').set(t.auth(AS.system)).send({ title: 'x' }),
      403,
    );
    expectProblem(await t.api.patch('/api/v1/people/chen-jing').send({ title: 'x' }), 401);
  });

  it('sets memberships and lead flags, audited', async () => {
    const res = await t.api
      .put('/api/v1/people/chen-jing/groups')
      .set(t.auth(AS.admin))
      .send({ groups: [{ groupId: 'desk', isLead: true }, { groupId: 'admin' }] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.groups).toEqual([
      { groupId: 'admin', isLead: false },
      { groupId: 'desk', isLead: true },
    ]);
    const desk = await t.api.get('/api/v1/groups/desk').set(t.auth(AS.admin)).expect(200);
    expect(desk.body.members.filter((m: { isLead: boolean }) => m.isLead)).toContainEqual(
      expect.objectContaining({ personId: 'chen-jing' }),
    );
    const system = await t.api.get('/api/v1/groups/system').set(t.auth(AS.admin)).expect(200);
    expect(system.body.members.map((m: { personId: string }) => m.personId)).not.toContain(
      'chen-jing',
    );
    expect((await auditOf('person', 'chen-jing')).at(-1)).toMatchObject({
      action: 'person.groups.set',
      before: [
        { groupId: 'desk', isLead: false },
        { groupId: 'system', isLead: false },
      ],
      after: [
        { groupId: 'admin', isLead: false },
        { groupId: 'desk', isLead: true },
      ],
    });
    // Now an admin, the person may keep the roster.
    await t.api
      .patch('/api/v1/groups/desk')
      .set(await t.authFresh('chen-jing'))
      .send({ duties: '问题甄别' })
      .expect(200);
  });

  it('refuses bad memberships, an unknown person, a non-admin and a missing actor', async () => {
    const put = (id: string, body: unknown, actor: string | null = AS.admin) => {
      const req = t.api.put(`/api/v1/people/${id}/groups`);
      return (actor ? req.set(t.auth(actor)) : req).send(body as object);
    };
    expectProblem(
      await put('chen-jing', { groups: [{ groupId: 'sales' }] }),
      400,
      '/body/groups/0/groupId',
    );
    expectProblem(await put('chen-jing', {}), 400, '/body/groups');
    expectProblem(await put('nobody', { groups: [] }), 404);
    expectProblem(await put('chen-jing', { groups: [] }, AS.desk), 403);
    expectProblem(await put('chen-jing', { groups: [] }, null), 401);
  });

  it('deactivates a person, who may no longer act, and reactivates them', async () => {
    const res = await t.api.post('/api/v1/people/chen-jing/deactivate').set(t.auth(AS.admin));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: 'chen-jing', active: false });
    expectProblem(await t.api.get('/api/v1/groups').set(await t.authFresh('chen-jing')), 401);
    const inactive = await t.api
      .get('/api/v1/people?active=false')
      .set(t.auth(AS.admin))
      .expect(200);
    expect(inactive.body.map((p: { id: string }) => p.id)).toEqual(['chen-jing']);
    const again = await t.api.post('/api/v1/people/chen-jing/reactivate').set(t.auth(AS.admin));
    expect(again.body.active).toBe(true);
    await t.api
      .get('/api/v1/groups')
      .set(await t.authFresh('chen-jing'))
      .expect(200);
    expect((await auditOf('person', 'chen-jing')).slice(-2)).toMatchObject([
      { action: 'person.deactivate', before: { active: true }, after: { active: false } },
      { action: 'person.reactivate', before: { active: false }, after: { active: true } },
    ]);
    expectProblem(await t.api.post('/api/v1/people/nobody/deactivate').set(t.auth(AS.admin)), 404);
    expectProblem(
      await t.api.post('/api/v1/people/chen-jing/deactivate').set(t.auth(AS.vendor)),
      403,
    );
    expectProblem(await t.api.post('/api/v1/people/chen-jing/deactivate'), 401);
    expectProblem(await t.api.post('/api/v1/people/nobody/reactivate').set(t.auth(AS.admin)), 404);
    expectProblem(
      await t.api.post('/api/v1/people/chen-jing/reactivate').set(t.auth(AS.desk)),
      403,
    );
    expectProblem(await t.api.post('/api/v1/people/chen-jing/reactivate'), 401);
  });

  it('keeps at least one active admin (409)', async () => {
    // Two admins: one may go.
    await t.api
      .put('/api/v1/people/chen-jing/groups')
      .set(t.auth(AS.admin))
      .send({ groups: [{ groupId: 'desk' }] })
      .expect(200);
    const last = await t.api.post(`/api/v1/people/${AS.admin}/deactivate`).set(t.auth(AS.admin));
    expectProblem(last, 409);
    expect(last.body.type).toBe('/problems/last-admin');
    expectProblem(
      await t.api
        .put(`/api/v1/people/${AS.admin}/groups`)
        .set(t.auth(AS.admin))
        .send({ groups: [{ groupId: 'leaders' }] }),
      409,
    );
    const admin = await t.api.get(`/api/v1/people/${AS.admin}`).set(t.auth(AS.admin)).expect(200);
    expect(admin.body).toMatchObject({ active: true, groups: [{ groupId: 'admin' }] });
  });
});
