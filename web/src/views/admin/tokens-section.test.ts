/** The token section against a fake API: a new token's secret is shown once, then gone. */
import { beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createAppI18n } from '../../i18n';
import { fakeApi } from '../../stores/fake-api';
import { useAdminTokensStore } from '../../stores/admin/tokens';
import { useAdminPeopleStore } from '../../stores/admin/people';
import { useSessionStore } from '../../stores/session';
import TokensSection from './tokens-section.vue';

const token = {
  id: 't1',
  name: 'ovms-integration',
  personId: 'demo-admin',
  scopes: ['incidents:read'],
  createdById: 'demo-admin',
  createdAt: '2026-11-26T00:00:00Z',
  expiresAt: '2027-02-24T00:00:00Z',
  revokedAt: null,
  lastUsedAt: null,
  lastUsedAddress: null,
};

let pinia: ReturnType<typeof createPinia>;
beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
});

describe('tokens section', () => {
  it('lists my tokens and shows a new secret once, with a warning', async () => {
    let created = false;
    const { client, requests } = fakeApi({
      'GET /api/v1/tokens': () => ({ body: created ? [token] : [] }),
      'GET /api/v1/people': { body: [] },
      'GET /api/v1/groups': { body: [] },
      'POST /api/v1/tokens': () => {
        created = true;
        return { status: 201, body: { ...token, token: 'ovms_s3cret_once' } };
      },
    });
    useSessionStore().person = {
      id: 'demo-admin',
      name: '系统管理员',
      organisation: '顺丰',
      groups: ['admin'],
    };
    const store = useAdminTokensStore();
    store.useClient(client);
    useAdminPeopleStore().useClient(client);
    const wrapper = mount(TokensSection, {
      global: { plugins: [pinia, createAppI18n('zh-CN')] },
    });
    await flushPromises();
    expect(requests.find((r) => r.path === '/api/v1/tokens')?.search).toBe('?personId=demo-admin');

    await store.create({ name: 'ovms-integration', scopes: ['incidents:read'] });
    await flushPromises();
    const dialog = wrapper.find('[data-test=token-secret-dialog]');
    expect(dialog.text()).toContain('只显示这一次');
    expect(
      (
        wrapper.find('[data-test=token-secret] input, input[data-test=token-secret]')
          .element as HTMLInputElement
      ).value,
    ).toBe('ovms_s3cret_once');
    expect(wrapper.find('[data-test=token-table]').text()).toContain('ovms-integration');

    await wrapper.find('[data-test=token-secret-done]').trigger('click');
    await flushPromises();
    expect(store.secret).toBeNull();
    expect(wrapper.html()).not.toContain('ovms_s3cret_once');
  });
});
