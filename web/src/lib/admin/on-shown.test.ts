/* eslint-disable vue/one-component-per-file -- throwaway components of one test */
import { describe, expect, it } from 'vitest';
import { defineComponent, h, KeepAlive, nextTick, ref } from 'vue';
import { mount } from '@vue/test-utils';
import { onShown } from './on-shown';

describe('onShown', () => {
  it('runs once per showing, inside KeepAlive or not', async () => {
    let runs = 0;
    const Section = defineComponent({
      setup() {
        onShown(() => (runs += 1));
        return () => h('p', 'section');
      },
    });
    const Other = defineComponent({ render: () => h('p', 'other') });
    const which = ref<'section' | 'other'>('section');
    mount(
      defineComponent({
        render: () => h(KeepAlive, null, [h(which.value === 'section' ? Section : Other)]),
      }),
    );
    await nextTick();
    expect(runs).toBe(1);
    which.value = 'other';
    await nextTick();
    which.value = 'section';
    await nextTick();
    expect(runs).toBe(2);

    runs = 0;
    mount(Section);
    await nextTick();
    expect(runs).toBe(1);
  });
});
