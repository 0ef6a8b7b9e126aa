/** The report form against a fake API: a field the API refuses shows its error beside the field. */
import { beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createAppI18n } from '../i18n';
import { fakeApi } from '../stores/fake-api';
import { useHotlinesStore } from '../stores/hotlines';
import { useReportingStore } from '../stores/reporting';
import { useSessionStore } from '../stores/session';
import ReportView from './report-view.vue';

/** What the API answers for a phone its schema refuses (the central error handler's shape). */
const invalidPhone = {
  type: '/problems/validation',
  title: 'Invalid request',
  status: 400,
  detail: 'Invalid fields: /body/reporter/phone.',
  instance: '/api/v1/incidents',
  errors: [{ pointer: '/body/reporter/phone', detail: 'a phone number: digits, spaces, + - ( )' }],
};

let pinia: ReturnType<typeof createPinia>;
beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
});

describe('report form', () => {
  it('shows the API’s error for the reporter’s phone next to the phone field', async () => {
    const { client } = fakeApi({
      'GET /api/v1/hotlines': { body: [] },
      'POST /api/v1/incidents': { status: 400, body: invalidPhone },
    });
    useSessionStore().person = {
      id: 'demo-reporter-gd',
      name: '广东报告人',
      organisation: '华南区-广东',
      groups: ['reporters'],
    };
    useHotlinesStore().useClient(client);
    const store = useReportingStore();
    store.useClient(client);
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/', component: ReportView }],
    });
    const wrapper = mount(ReportView, {
      global: { plugins: [pinia, router, createAppI18n('zh-CN')] },
    });
    await wrapper.find('input[name=phone]').setValue('call me maybe');
    await store.report(
      {
        channel: 'web',
        kind: 'system_fault',
        title: '报价金额显示为0',
        description: '供应商提交报价后金额显示为0',
        symptom: 'data_wrong',
        scope: 'some',
        reporter: { organisation: '华南区-广东', name: '广东报告人', phone: 'call me maybe' },
      },
      'key-1',
    );
    await flushPromises();
    // Element Plus shows a form item's error 100 ms after its state turns to error.
    await new Promise((resolve) => setTimeout(resolve, 150));

    const phoneItem = wrapper.find('input[name=phone]').element.closest('.el-form-item');
    expect(phoneItem?.classList.contains('is-error')).toBe(true);
    expect(phoneItem?.querySelector('.el-form-item__error')?.textContent?.trim()).toBe(
      'a phone number: digits, spaces, + - ( )',
    );
    const nameItem = wrapper.find('input[name=name]').element.closest('.el-form-item');
    expect(nameItem?.querySelector('.el-form-item__error')).toBeNull();
    expect(wrapper.find('[data-test=report-error]').text()).toContain('/body/reporter/phone');
  });
});
