/**
 * The API's live events (Server-Sent Events at /api/v1/events: `incident.changed`,
 * `notice.created`, `notifications.created`, only about incidents the viewer may see).
 * A view refreshes on them at once; its poll stays as the fallback when the stream is down.
 */
import { onBeforeUnmount, onMounted } from 'vue';

export const LIVE_EVENTS_URL = '/api/v1/events';

/**
 * Calls `refresh` when one of `types` arrives, at most once per `coalesceMs`: a burst of events
 * is one reload, and a steady stream (an incident storm) reloads every `coalesceMs` rather than
 * never — a debounce that restarts on each event would wait for the storm to end.
 */
export function useLiveEvents(
  refresh: () => void,
  types: readonly string[] = ['incident.changed'],
  coalesceMs = 300,
): void {
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const schedule = (): void => {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      refresh();
    }, coalesceMs);
  };

  onMounted(() => {
    if (typeof EventSource === 'undefined') return;
    source = new EventSource(LIVE_EVENTS_URL);
    for (const type of types) source.addEventListener(type, schedule);
  });

  onBeforeUnmount(() => {
    clearTimeout(timer);
    timer = undefined;
    source?.close();
    source = null;
  });
}
