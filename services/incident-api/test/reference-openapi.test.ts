/**
 * The reference-data operations in the OpenAPI document: each one present under its tag, reads
 * open to anyone, writes documenting the refusals of the admin check (401, 403).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: false });
});
afterAll(() => t.close());

const READS = {
  reference: [
    'listCalendars',
    'getCalendar',
    'listCalendarExceptions',
    'listCampaigns',
    'getCampaign',
    'listGroups',
    'getGroup',
    'listPeople',
    'getPerson',
    'listHotlines',
    'getHotline',
  ],
  policy: ['listPolicyVersions', 'getPolicyVersion', 'getCurrentPolicyVersion'],
};
const WRITES = {
  reference: [
    'createCalendar',
    'updateCalendar',
    'putCalendarException',
    'deleteCalendarException',
    'importOfficialHolidays',
    'createCampaign',
    'updateCampaign',
    'deleteCampaign',
    'updateGroup',
    'createPerson',
    'updatePerson',
    'deactivatePerson',
    'reactivatePerson',
    'setPersonGroups',
    'createHotline',
    'updateHotline',
    'deleteHotline',
  ],
  policy: ['createPolicyVersion'],
};

describe('reference operations in /openapi.json', () => {
  it('are all documented with their tag, summary and error responses', async () => {
    const doc = (await t.api.get('/openapi.json').expect(200)).body;
    const operations = new Map<string, { tags: string[]; summary: string; responses: object }>();
    for (const item of Object.values(doc.paths as Record<string, Record<string, never>>)) {
      for (const op of Object.values(item) as { operationId?: string }[]) {
        if (op.operationId) operations.set(op.operationId, op as never);
      }
    }
    for (const [tag, ids] of [...Object.entries(READS), ...Object.entries(WRITES)]) {
      for (const id of ids) {
        const op = operations.get(id);
        expect(op, id).toBeDefined();
        expect(op!.tags, id).toEqual([tag]);
        expect(op!.summary, id).toBeTruthy();
        expect(Object.keys(op!.responses), id).toEqual(expect.arrayContaining(['400', '404']));
      }
    }
    for (const id of [...WRITES.reference, ...WRITES.policy]) {
      expect(Object.keys(operations.get(id)!.responses), id).toEqual(
        expect.arrayContaining(['401', '403', '409', '422']),
      );
    }
  });
});
