import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { fakeApi } from './fake-api';
import { useReportingStore } from './reporting';

beforeEach(() => setActivePinia(createPinia()));

const report = {
  channel: 'web',
  kind: 'system_fault',
  title: '报价金额显示为0',
  description: '提交报价后金额显示为0',
  symptom: 'data_wrong',
  scope: 'some',
  reporter: { organisation: '华南区-广东', name: '张三' },
} as const;

describe('reporting store', () => {
  it('reports with an idempotency key and returns the incident number', async () => {
    const { client, requests } = fakeApi({
      'POST /api/v1/incidents': { status: 201, body: { id: 21 } },
    });
    const store = useReportingStore();
    store.useClient(client);
    expect(await store.report(report, 'key-1')).toBe(21);
    expect(requests[0]?.headers.get('idempotency-key')).toBe('key-1');
    expect(requests[0]?.body).toEqual(report);
  });

  it('keeps the field errors of a refused report by JSON pointer', async () => {
    const { client } = fakeApi({
      'POST /api/v1/incidents': {
        status: 400,
        body: {
          type: '/problems/validation',
          title: 'Invalid request',
          status: 400,
          detail: 'Invalid fields: /body/reporter/phone.',
          errors: [{ pointer: '/body/reporter/phone', detail: 'Invalid phone' }],
        },
      },
    });
    const store = useReportingStore();
    store.useClient(client);
    expect(await store.report(report, 'key-2')).toBeNull();
    expect(store.reportError?.fields['/body/reporter/phone']).toBe('Invalid phone');
  });

  it('rejects a final test on the version shown and reloads the list; a refusal stays visible', async () => {
    let refuse = false;
    const { client, requests } = fakeApi({
      'GET /api/v1/incidents': { body: { items: [], nextCursor: null } },
      'POST /api/v1/incidents/8/actions': () =>
        refuse
          ? {
              status: 409,
              body: {
                type: 'about:blank',
                title: 'Conflict',
                status: 409,
                detail: '当前状态不可验证',
              },
            }
          : { body: { id: 8 } },
    });
    const store = useReportingStore();
    store.useClient(client);
    expect(
      await store.finalTest({ id: 8, version: 9 }, { type: 'reject_fix', note: '仍然显示未缴纳' }),
    ).toBe(true);
    expect(requests[0]?.headers.get('if-match')).toBe('"9"');
    expect(requests[0]?.body).toEqual({ type: 'reject_fix', note: '仍然显示未缴纳' });
    expect(requests[1]?.method).toBe('GET');
    refuse = true;
    expect(await store.finalTest({ id: 8, version: 9 }, { type: 'confirm_fix' })).toBe(false);
    expect(store.error?.message).toBe('当前状态不可验证');
  });
});
