/**
 * The API's live events (Server-Sent Events at /api/v1/events: `incident.changed`,
 * `notice.created`, `notifications.created`, only about incidents the viewer may see).
 * A view refreshes on them at once; its poll stays as the fallback when the stream is down.
 */
import { onBeforeUnmount, onMounted } from 'vue';

export const LIVE_EVENTS_URL = '/api/v1/events';

/** What the views read of an event's data (the API sends more). */
export interface LiveEventData {
  incidentId?: number;
  action?: string;
}

export interface LiveEventOptions {
  /** The event types to listen to; `incident.changed` unless said. */
  types?: readonly string[];
  /**
   * Which events concern the view: one incident's view reloads for that incident only, not for
   * every change anywhere. An event whose data cannot be read counts.
   */
  accept?: (data: LiveEventData) => boolean;
  coalesceMs?: number;
}

/**
 * Calls `refresh` when an event the view listens to arrives, at most once per `coalesceMs`: a
 * burst of events is one reload, and a steady stream (an incident storm) reloads every
 * `coalesceMs` rather than never — a debounce that restarts on each event would wait for the
 * storm to end.
 */
export function useLiveEvents(
  refresh: () => void,
  { types = ['incident.changed'], accept, coalesceMs = 300 }: LiveEventOptions = {},
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
    const listener = (event: MessageEvent<string>): void => {
      const data = dataOf(event);
      if (accept && data && !accept(data)) return;
      schedule();
    };
    for (const type of types) source.addEventListener(type, listener);
  });

  onBeforeUnmount(() => {
    clearTimeout(timer);
    timer = undefined;
    source?.close();
    source = null;
  });
}

/** The event's data, if it is a JSON object. */
function dataOf(event: MessageEvent<string>): LiveEventData | undefined {
  try {
    const data: unknown = JSON.parse(event.data);
    return typeof data === 'object' && data !== null ? (data as LiveEventData) : undefined;
  } catch {
    return undefined;
  }
}
