/**
 * The authorization matrix, generated from the OpenAPI document: every operation × every group
 * (and no credential, a revoked token, an expired token, a token without the scope) → the
 * expected status class. The expectations are written out here, independently of the routes'
 * own rules, so an operation added without a rule — or with a looser one — fails this test.
 */
import type { Test } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUPS, type GroupId } from '@ovms/policy';
import type { TokenScope } from '../src/domain/identity/access.js';
import { AS, createTestApp, type TestApp } from './support/app.js';

type Rule = { scope: TokenScope | 'public' | 'signed-in'; groups: readonly GroupId[] | 'any' };

const ACTING: GroupId[] = ['leaders', 'desk', 'system', 'devops', 'vendor', 'reporters'];
const ADMIN: Rule = { scope: 'admin', groups: ['admin'] };
const READ: Rule = { scope: 'incidents:read', groups: 'any' };
const SIGNED_IN: Rule = { scope: 'signed-in', groups: 'any' };
const PUBLIC: Rule = { scope: 'public', groups: 'any' };
const ACT: Rule = { scope: 'incidents:act', groups: ACTING };

/** operationId → who may call it. */
const EXPECTED: Record<string, Rule> = {
  getHealth: PUBLIC,
  getReadiness: PUBLIC,
  signIn: PUBLIC,
  getSession: SIGNED_IN,
  signOut: SIGNED_IN,
  changePassword: SIGNED_IN,
  resetPassword: ADMIN,
  listApiTokens: SIGNED_IN,
  createApiToken: SIGNED_IN,
  revokeApiToken: SIGNED_IN,
  reportIncident: { scope: 'incidents:report', groups: ['reporters', 'desk', 'devops'] },
  listIncidents: READ,
  getIncident: READ,
  actOnIncident: ACT,
  reassessIncident: ACT,
  recordFallbackDecision: ACT,
  commentOnIncident: ACT,
  listChangeTasks: READ,
  listChangeTasksAcrossIncidents: READ,
  requestChangeTask: ACT,
  advanceChangeTask: ACT,
  listSystems: READ,
  getSystem: READ,
  createSystem: ADMIN,
  updateSystem: ADMIN,
  listCalendars: READ,
  getCalendar: READ,
  createCalendar: ADMIN,
  updateCalendar: ADMIN,
  listCalendarExceptions: READ,
  putCalendarException: ADMIN,
  deleteCalendarException: ADMIN,
  importOfficialHolidays: ADMIN,
  listCampaigns: READ,
  getCampaign: READ,
  createCampaign: ADMIN,
  updateCampaign: ADMIN,
  deleteCampaign: ADMIN,
  deleteSystem: ADMIN,
  deleteCalendar: ADMIN,
  listGroups: READ,
  getGroup: READ,
  updateGroup: ADMIN,
  listPeople: READ,
  getPerson: READ,
  createPerson: ADMIN,
  updatePerson: ADMIN,
  deactivatePerson: ADMIN,
  setPersonGroups: ADMIN,
  reactivatePerson: ADMIN,
  listHotlines: PUBLIC,
  getHotline: PUBLIC,
  createHotline: ADMIN,
  updateHotline: ADMIN,
  deleteHotline: ADMIN,
  listPolicyVersions: READ,
  getPolicyVersion: READ,
  getCurrentPolicyVersion: READ,
  createPolicyVersion: ADMIN,
  listWebhooks: ADMIN,
  createWebhook: ADMIN,
  updateWebhook: ADMIN,
  deleteWebhook: ADMIN,
  testWebhook: ADMIN,
  listSubscriptions: ADMIN,
  createSubscription: ADMIN,
  updateSubscription: ADMIN,
  deleteSubscription: ADMIN,
  verifyAuditChain: { scope: 'audit:read', groups: ['admin', 'leaders'] },
  listAuditEntries: { scope: 'audit:read', groups: ['admin', 'leaders'] },
  listNotices: READ,
  listDeliveries: ADMIN,
  resendDelivery: ADMIN,
  listMyNotifications: SIGNED_IN,
  markNotificationRead: SIGNED_IN,
  markAllNotificationsRead: SIGNED_IN,
  streamEvents: SIGNED_IN,
};

/** One person per group, as in the demo roster. */
const PERSON_OF: Record<GroupId, string> = {
  leaders: AS.leaders,
  desk: AS.desk,
  system: AS.system,
  devops: AS.devops,
  vendor: AS.vendor,
  reporters: AS.reporterGuangdong,
  admin: AS.admin,
};

let t: TestApp;
let incidentId: number;
beforeAll(async () => {
  t = await createTestApp({ now: '2026-03-03T10:00:00+08:00' });
  const res = await t.api
    .post('/api/v1/incidents')
    .set(t.auth(AS.desk))
    .send({
      channel: 'hotline_fault',
      kind: 'system_fault',
      title: 'matrix',
      description: 'matrix',
      symptom: 'slow',
      scope: 'one',
      reporter: { organisation: '华南区-广东', name: '测试' },
    })
    .expect(201);
  incidentId = res.body.id;
});
afterAll(() => t.close());

const PARAMS: Record<string, () => string> = {
  incidentId: () => String(incidentId),
  taskNumber: () => '1',
  systemId: () => 'ovms',
  calendarId: () => 'cn-default',
  campaignId: () => 'no-such-campaign',
  personId: () => 'luo-bo',
  groupId: () => 'vendor',
  tokenId: () => 'nonexistent0',
  versionId: () => '1',
  date: () => '2026-10-01',
  hotlineId: () => 'no-such-hotline',
  outboxId: () => '999999',
  notificationId: () => '999999',
  webhookId: () => 'no-such-webhook',
  subscriptionId: () => '999999',
};

interface Operation {
  id: string;
  method: string;
  url: string;
}

async function operations(): Promise<Operation[]> {
  const doc = (await t.api.get('/openapi.json').expect(200)).body;
  return Object.entries(
    doc.paths as Record<string, Record<string, { operationId: string }>>,
  ).flatMap(([path, item]) =>
    ['get', 'post', 'put', 'patch', 'delete']
      .filter((m) => item[m])
      .map((m) => ({
        id: item[m]!.operationId,
        method: m,
        url: path.replace(/\{(\w+)\}/g, (_, name: string) => {
          const value = PARAMS[name];
          if (!value) throw new Error(`no test value for path parameter ${name}`);
          return value();
        }),
      })),
  );
}

async function call(op: Operation, headers: Record<string, string>) {
  const req = (t.api as unknown as Record<string, (url: string) => Test>)[op.method]!(op.url).set(
    headers,
  );
  const res = op.method === 'get' || op.method === 'delete' ? await req : await req.send({});
  return res.status;
}

describe('authorization matrix', () => {
  it('has an expectation for every operation of the OpenAPI document, and no stale one', async () => {
    const ids = (await operations()).map((o) => o.id).sort();
    expect(ids).toEqual(Object.keys(EXPECTED).sort());
  });

  it('answers every operation × credential as expected, with zero unexpected allows', async () => {
    const credentials = await t.matrixCredentials();
    const surprises: string[] = [];
    for (const op of await operations()) {
      const rule = EXPECTED[op.id]!;
      const expect = (who: string, status: number, allowed: boolean | 'unauthenticated') => {
        const ok =
          allowed === 'unauthenticated'
            ? status === 401
            : allowed
              ? status !== 401 && status !== 403
              : status === 403;
        if (!ok) surprises.push(`${op.id} as ${who}: ${status}`);
      };
      for (const [who, headers] of Object.entries(credentials.invalid)) {
        const status = await call(op, headers);
        expect(who, status, rule.scope === 'public' ? true : 'unauthenticated');
      }
      for (const group of GROUPS) {
        const status = await call(op, t.auth(PERSON_OF[group]));
        const allowed =
          rule.scope === 'public' || rule.groups === 'any' || rule.groups.includes(group);
        expect(group, status, allowed);
      }
      // A person in every group, with a token holding every scope but the one required.
      if (rule.scope !== 'public' && rule.scope !== 'signed-in') {
        const status = await call(op, credentials.lacking(rule.scope));
        expect(`token without ${rule.scope}`, status, false);
      }
    }
    expect(surprises, surprises.join('\n')).toEqual([]);
  });
});
