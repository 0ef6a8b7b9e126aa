/** The calendar section rendered against a fake API: the year view's colours, the warnings. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createAppI18n } from '../../i18n';
import { fakeApi } from '../../stores/fake-api';
import { useAdminCalendarsStore } from '../../stores/admin/calendars';
import CalendarsSection from './calendars-section.vue';

const workday = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '18:00' },
];
const detail = {
  id: 'cn-default',
  name: '默认服务窗口',
  timeZone: 'Asia/Shanghai',
  weekly: { mon: workday, tue: workday, wed: workday, thu: workday, fri: workday },
  adjustedWorkdayHours: null,
  nominalDayMinutes: 480,
  revision: 1,
  updatedAt: '2026-11-26T00:00:00Z',
  exceptions: [
    { date: '2026-10-01', kind: 'holiday', hours: null, name: '国庆节', source: 'official' },
    { date: '2026-10-10', kind: 'workday', hours: null, name: '国庆节', source: 'official' },
  ],
  coverage: {
    officialDataYears: { first: 2004, last: 2026 },
    importedYears: [2026],
    missingYears: [2027],
    notImportedYears: [],
    warnings: [],
  },
};

// Each test's section leaves the page: one left attached made the next test's hovers and
// focus changes several times slower (5.6 s against 1.9 s alone).
enableAutoUnmount(afterEach);

let pinia: ReturnType<typeof createPinia>;
beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
});

async function mounted() {
  const { client } = fakeApi({
    'GET /api/v1/calendars': { body: [detail] },
    'GET /api/v1/calendars/cn-default': { body: detail },
  });
  const store = useAdminCalendarsStore();
  store.useClient(client);
  store.year = 2026;
  const wrapper = mount(CalendarsSection, {
    global: { plugins: [pinia, createAppI18n('zh-CN')] },
    attachTo: document.body,
  });
  await flushPromises();
  await flushPromises();
  return { wrapper, store };
}

describe('calendars section', () => {
  it('colours the year: a holiday, a 调休 Saturday, a weekend, a working day', async () => {
    const { wrapper } = await mounted();
    const kind = (date: string) => wrapper.find(`[data-date="${date}"]`).attributes('data-kind');
    expect(kind('2026-10-01')).toBe('holiday');
    expect(kind('2026-10-10')).toBe('workday');
    expect(kind('2026-10-11')).toBe('weekend');
    expect(kind('2026-10-12')).toBe('working');
    expect(wrapper.find('[data-date="2026-10-01"]').attributes('aria-label')).toContain('国庆节');
    expect(wrapper.find('[data-test=calendar-year-covered]').exists()).toBe(true);
    // One date in the tab order.
    expect(wrapper.findAll('[data-date][tabindex="0"]')).toHaveLength(1);
  });

  it('warns about a year the official data does not cover yet', async () => {
    const { wrapper, store } = await mounted();
    expect(wrapper.find('[data-test=calendar-year-warning]').exists()).toBe(false);
    store.year = 2027;
    await flushPromises();
    const warning = wrapper.find('[data-test=calendar-year-warning]');
    expect(warning.exists()).toBe(true);
    expect(warning.text()).toContain('2027');
    expect(wrapper.find('[data-date="2027-10-01"]').attributes('data-kind')).toBe('working');
  });

  it('says what a day is in one tooltip, on hover and on keyboard focus', async () => {
    const { wrapper } = await mounted();
    const tip = () => document.querySelector('[data-test=calendar-day-tip]');
    const holiday = wrapper.find('[data-date="2026-10-01"]');
    await holiday.trigger('mouseenter');
    await flushPromises();
    expect(tip()?.textContent).toContain('2026-10-01 星期四');
    expect(tip()?.textContent).toContain('法定节假日：国庆节');
    expect(tip()?.textContent).toContain('全天不上班');
    await holiday.trigger('mouseleave');
    await flushPromises();

    // The arrow keys move the focus, and the tooltip with it.
    const working = wrapper.find('[data-date="2026-10-12"]');
    (working.element as HTMLElement).focus();
    await flushPromises();
    expect(tip()?.textContent).toContain('工作时段 09:00-12:00, 13:00-18:00（共 8 小时）');
    await working.trigger('keydown', { key: 'ArrowLeft' });
    await flushPromises();
    expect(document.activeElement?.getAttribute('data-date')).toBe('2026-10-11');
    expect(tip()?.textContent).toContain('2026-10-11 星期日');
    expect(tip()?.textContent).toContain('休息日（周末）');
    expect(document.querySelectorAll('[data-test=calendar-day-tip]')).toHaveLength(1);
  });
});
