/** The action dialog shows the API's error for a field beside that field. */
import { describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createAppI18n } from '../i18n';
import { toShownProblem } from '../lib/problem';
import ActionDialog from './action-dialog.vue';

describe('action dialog', () => {
  it('puts a refused cancel reason’s error under the reason select', async () => {
    const problem = toShownProblem(
      {
        type: '/problems/validation',
        title: 'Invalid request',
        status: 400,
        detail: 'Invalid fields: /body/reason.',
        instance: '/api/v1/incidents/7/actions',
        errors: [{ pointer: '/body/reason', detail: 'Invalid option' }],
      },
      'action',
    );
    const wrapper = mount(ActionDialog, {
      props: { action: { type: 'cancel' }, busy: false, problem },
      global: { plugins: [createAppI18n('en')] },
      attachTo: document.body,
    });
    await flushPromises();
    // Element Plus shows a form item's error 100 ms after its state turns to error.
    await new Promise((resolve) => setTimeout(resolve, 150));
    const select = document.querySelector('[data-test=field-cancelReason]');
    const item = select?.closest('.el-form-item');
    expect(item?.querySelector('.el-form-item__error')?.textContent?.trim()).toBe('Invalid option');
    expect(document.querySelector('[data-test=action-problem]')?.textContent).toContain(
      'Invalid fields: /body/reason.',
    );
    wrapper.unmount();
  });
});
