/**
 * The leaders' wall: every open incident by priority with a live working-time countdown.
 * The queue is polled every ~10 s; between polls each countdown is the last poll's `leftMinutes`
 * minus the working time elapsed since, in the incident's own service-window calendar (fetched
 * once and compiled with @ovms/policy). Paused and stopped clocks hold still. Until a calendar
 * has loaded, wall time is counted (the next poll corrects it).
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { WorkingCalendar } from '@ovms/policy';
import {
  api as defaultApi,
  type ApiClient,
  type Incident,
  type Priority,
  type Schemas,
} from '../api/client';
import { compileServiceWindow, workingMsOf } from '../lib/calendar';
import { PRIORITIES } from '../lib/model';
import { toShownProblem, type ShownProblem } from '../lib/problem';
import { byDueTime, projectLeftMinutes, wallClock, type WorkingMsBetween } from '../lib/sla';

/** The most the wall asks for per poll (pages of 200). */
const MAX_INCIDENTS = 1000;

export interface LiveIncident {
  incident: Incident;
  leftMinutes: number;
}

export const useWarRoomStore = defineStore('war-room', () => {
  let api: ApiClient = defaultApi;
  const items = shallowRef<Incident[]>([]);
  const polledAt = ref<number | null>(null);
  const now = ref(Date.now());
  const error = ref<ShownProblem | null>(null);
  const calendars = shallowRef(new Map<string, WorkingCalendar>());
  const groups = shallowRef<Schemas['Group'][]>([]);
  const pendingCalendars = new Set<string>();

  function useClient(client: ApiClient): void {
    api = client;
  }

  function workingMs(calendarId: string): WorkingMsBetween {
    const calendar = calendars.value.get(calendarId);
    return calendar ? workingMsOf(calendar) : wallClock;
  }

  const live = computed<LiveIncident[]>(() => {
    const base = polledAt.value;
    return byDueTime(items.value).map((incident) => ({
      incident,
      leftMinutes:
        base === null
          ? incident.sla.leftMinutes
          : projectLeftMinutes(incident.sla, base, now.value, workingMs(incident.calendarId)),
    }));
  });

  const byPriority = computed(() => {
    const columns = Object.fromEntries(
      PRIORITIES.map((priority) => [priority, [] as LiveIncident[]]),
    ) as Record<Priority, LiveIncident[]>;
    for (const entry of live.value) columns[entry.incident.priority].push(entry);
    return columns;
  });

  const breached = computed(() =>
    live.value.filter((entry) => entry.incident.sla.breached || entry.leftMinutes < 0),
  );
  const paused = computed(() => live.value.filter((entry) => entry.incident.sla.paused));

  async function loadCalendar(id: string): Promise<void> {
    if (calendars.value.has(id) || pendingCalendars.has(id)) return;
    pendingCalendars.add(id);
    try {
      const { data } = await api.GET('/api/v1/calendars/{calendarId}', {
        params: { path: { calendarId: id } },
      });
      if (data) {
        const next = new Map(calendars.value);
        next.set(id, compileServiceWindow(data, Date.now()));
        calendars.value = next;
      }
    } catch {
      // wall time until the next poll tries again
    } finally {
      pendingCalendars.delete(id);
    }
  }

  async function poll(): Promise<void> {
    try {
      const collected: Incident[] = [];
      let cursor: string | undefined;
      do {
        const { data, error: problem } = await api.GET('/api/v1/incidents', {
          params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } },
        });
        if (!data) {
          error.value = toShownProblem(problem, 'incidents');
          return;
        }
        collected.push(...data.items);
        cursor = data.nextCursor ?? undefined;
      } while (cursor && collected.length < MAX_INCIDENTS);
      items.value = collected;
      polledAt.value = Date.now();
      now.value = polledAt.value;
      error.value = null;
      for (const id of new Set(collected.map((incident) => incident.calendarId)))
        void loadCalendar(id);
    } catch (cause) {
      error.value = toShownProblem(cause, 'incidents');
    }
  }

  async function loadRoster(): Promise<void> {
    try {
      const { data } = await api.GET('/api/v1/groups');
      if (data) groups.value = data;
    } catch {
      // the roster is a convenience on the wall
    }
  }

  function tick(at = Date.now()): void {
    now.value = at;
  }

  return {
    items,
    polledAt,
    now,
    error,
    calendars,
    groups,
    live,
    byPriority,
    breached,
    paused,
    useClient,
    poll,
    loadRoster,
    tick,
  };
});
