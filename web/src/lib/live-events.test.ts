/** Live events reload a view at most every 300 ms: a burst is one reload, a storm never starves it. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { mount } from '@vue/test-utils';
import { useLiveEvents, type LiveEventOptions } from './live-events';

/** The browser's EventSource as far as the view uses it: listeners by type, and who is open. */
class FakeEventSource {
  static open: FakeEventSource[] = [];
  listeners = new Map<string, ((event: { data: string }) => void)[]>();
  closed = false;
  constructor(public url: string) {
    FakeEventSource.open.push(this);
  }
  addEventListener(type: string, listener: (event: { data: string }) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data: unknown = { incidentId: 1 }) {
    const event = { data: typeof data === 'string' ? data : JSON.stringify(data) };
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

function mountView(refresh: () => void, options?: LiveEventOptions) {
  return mount(
    defineComponent({
      setup() {
        useLiveEvents(refresh, options);
        return () => h('div');
      },
    }),
  );
}

beforeEach(() => {
  FakeEventSource.open = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('useLiveEvents', () => {
  it('reloads once for a burst of changes', () => {
    const refresh = vi.fn();
    mountView(refresh);
    const [source] = FakeEventSource.open;
    expect(source!.url).toBe('/api/v1/events');
    for (let i = 0; i < 10; i++) source!.emit('incident.changed');
    expect(refresh).not.toHaveBeenCalled();
    vi.advanceTimersByTime(300);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('keeps reloading during a steady stream of changes, every 300 ms', () => {
    const refresh = vi.fn();
    mountView(refresh);
    const [source] = FakeEventSource.open;
    // A change every 100 ms for 3 s: a restarting debounce would not reload once.
    for (let t = 0; t < 3000; t += 100) {
      source!.emit('incident.changed');
      vi.advanceTimersByTime(100);
    }
    expect(refresh.mock.calls.length).toBeGreaterThanOrEqual(9);
    expect(refresh.mock.calls.length).toBeLessThanOrEqual(10);
  });

  it('reloads one incident’s view for that incident’s changes only', () => {
    const refresh = vi.fn();
    mountView(refresh, { accept: (event) => event.incidentId === 7 });
    const [source] = FakeEventSource.open;
    source!.emit('incident.changed', { incidentId: 8, action: 'incident.comment' });
    vi.advanceTimersByTime(1000);
    expect(refresh).not.toHaveBeenCalled();
    source!.emit('incident.changed', { incidentId: 7, action: 'incident.comment' });
    vi.advanceTimersByTime(300);
    expect(refresh).toHaveBeenCalledTimes(1);
    // An event it cannot read may be its own: it reloads rather than miss it.
    source!.emit('incident.changed', 'not json');
    vi.advanceTimersByTime(300);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('ignores other event types, and stops listening when the view goes', () => {
    const refresh = vi.fn();
    const wrapper = mountView(refresh);
    const [source] = FakeEventSource.open;
    source!.emit('notice.created');
    vi.advanceTimersByTime(1000);
    expect(refresh).not.toHaveBeenCalled();
    source!.emit('incident.changed');
    wrapper.unmount();
    vi.advanceTimersByTime(1000);
    expect(refresh).not.toHaveBeenCalled();
    expect(source!.closed).toBe(true);
  });
});
