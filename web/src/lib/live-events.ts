/**
 * The API's live events (Server-Sent Events at /api/v1/events: `incident.changed`,
 * `notice.created`, `notifications.created`, only about incidents the viewer may see).
 * A view refreshes on them at once; its poll stays as the fallback when the stream is down.
 */
import { onBeforeUnmount, onMounted } from 'vue';

export const LIVE_EVENTS_URL = '/api/v1/events';

/** Calls `refresh` (coalesced over `debounceMs`) whenever one of `types` arrives. */
export function useLiveEvents(
  refresh: () => void,
  types: readonly string[] = ['incident.changed'],
  debounceMs = 300,
): void {
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const schedule = (): void => {
    clearTimeout(timer);
    timer = setTimeout(refresh, debounceMs);
  };

  onMounted(() => {
    if (typeof EventSource === 'undefined') return;
    source = new EventSource(LIVE_EVENTS_URL);
    for (const type of types) source.addEventListener(type, schedule);
  });

  onBeforeUnmount(() => {
    clearTimeout(timer);
    source?.close();
    source = null;
  });
}
