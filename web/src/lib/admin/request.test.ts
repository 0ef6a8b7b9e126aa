import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../stores/fake-api';
import { attempt, pickedAsShanghai, shanghaiForPicker, slugOf } from './request';

describe('admin requests', () => {
  it('treats a 204 as success and a problem+json as the problem, fields by pointer', async () => {
    const { client } = fakeApi({
      'DELETE /api/v1/subscriptions/3': { status: 204 },
      'POST /api/v1/systems': {
        status: 400,
        body: {
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          detail: 'invalid body',
          errors: [{ pointer: '/grade', detail: 'Invalid option' }],
        },
      },
    });
    const removed = await attempt('delete', () =>
      client.DELETE('/api/v1/subscriptions/{subscriptionId}', {
        params: { path: { subscriptionId: 3 } },
      }),
    );
    expect(removed).toEqual({ ok: true, data: null, problem: null });
    const refused = await attempt('system', () =>
      client.POST('/api/v1/systems', {
        body: { id: 'x', name: 'X', grade: 'B', calendarId: 'default' },
      }),
    );
    expect(refused.ok).toBe(false);
    expect(refused.problem?.message).toBe('invalid body');
    expect(refused.problem?.fields['/grade']).toBe('Invalid option');
  });

  it('makes ids from names and Shanghai instants from dates', () => {
    expect(slugOf('OVMS 2015 Phase 2!')).toBe('ovms-2015-phase-2');
    expect(slugOf('  --Bidding--  ')).toBe('bidding');
    // The picker's local fields are Beijing time, in whatever zone the browser runs.
    expect(pickedAsShanghai(new Date(2015, 6, 20, 0, 0, 0))).toBe('2015-07-20T00:00:00+08:00');
    expect(pickedAsShanghai(new Date(2027, 2, 31, 23, 30, 5))).toBe('2027-03-31T23:30:05+08:00');
    const picked = shanghaiForPicker('2015-07-19T16:00:00Z');
    expect([picked.getFullYear(), picked.getMonth(), picked.getDate(), picked.getHours()]).toEqual([
      2015, 6, 20, 0,
    ]);
    expect(pickedAsShanghai(shanghaiForPicker('2026-11-23T17:17:30.514Z'))).toBe(
      '2026-11-24T01:17:30+08:00',
    );
  });
});
