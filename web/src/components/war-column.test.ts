/** A 500-incident column renders only what is in view, and follows the scroll. */
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import type { Incident } from '../api/client';
import WarColumn from './war-column.vue';

const ROW_PX = 138; // war-column.vue: a 130 px card and an 8 px gap

const incidents = Array.from({ length: 500 }, (_, index) => ({ id: index + 1 }) as Incident);

function mountColumn(list: Incident[]) {
  return mount(WarColumn, {
    props: { incidents: list },
    slots: { empty: '<p class="none">none</p>' },
    global: {
      stubs: {
        WarCard: { props: ['incident'], template: '<div class="card" :data-id="incident.id" />' },
      },
    },
  });
}

const shownIds = (wrapper: ReturnType<typeof mountColumn>) =>
  wrapper.findAll('.card').map((card) => Number(card.attributes('data-id')));

describe('war column', () => {
  it('renders a screenful of cards, not all 500, and pads for the rest', () => {
    const wrapper = mountColumn(incidents);
    const ids = shownIds(wrapper);
    expect(ids[0]).toBe(1);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThan(20);
    const track = wrapper.find('.track').element as HTMLElement;
    expect(track.style.paddingBottom).toBe(`${(500 - ids.length) * ROW_PX}px`);
  });

  it('shows the cards scrolled to, on the next animation frame', async () => {
    const wrapper = mountColumn(incidents);
    const viewport = wrapper.find('.cards').element as HTMLElement;
    Object.defineProperty(viewport, 'clientHeight', { value: 900, configurable: true });
    Object.defineProperty(viewport, 'scrollTop', { value: 300 * ROW_PX, configurable: true });
    await wrapper.find('.cards').trigger('scroll');
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await wrapper.vm.$nextTick();

    const ids = shownIds(wrapper);
    // Row 300 (incident 301) is at the top of the view; four rows above it are kept ready.
    expect(ids[0]).toBe(297);
    expect(ids).toContain(301);
    expect(ids).not.toContain(1);
    const track = wrapper.find('.track').element as HTMLElement;
    expect(track.style.paddingTop).toBe(`${296 * ROW_PX}px`);
  });

  it('shows the empty slot for an empty column', () => {
    const wrapper = mountColumn([]);
    expect(wrapper.find('.none').exists()).toBe(true);
    expect(wrapper.findAll('.card')).toHaveLength(0);
  });
});
