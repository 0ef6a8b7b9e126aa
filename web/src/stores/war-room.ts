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

/** Statuses before the desk has escalated: not yet a confirmed system fault. */
const PRE_ESCALATION_STATUSES: readonly string[] = ['reported', 'triage'];

export type FallbackDecision = NonNullable<Incident['fallbackDecision']>['decision'];

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

  /**
   * Working time since the poll, per calendar. Every incident of a calendar shares it, so it is
   * computed once per calendar and tick, not once per incident (500 cards, a handful of
   * calendars). Keyed by everything it depends on; a new tick, poll or calendar starts afresh.
   */
  const elapsed = new Map<string, number>();
  let elapsedFor: readonly [number, number, Map<string, WorkingCalendar>] | null = null;

  function workingMs(calendarId: string): WorkingMsBetween {
    const known = calendars.value;
    return (from, to) => {
      if (elapsedFor?.[0] !== from || elapsedFor[1] !== to || elapsedFor[2] !== known) {
        elapsed.clear();
        elapsedFor = [from, to, known];
      }
      let ms = elapsed.get(calendarId);
      if (ms === undefined) {
        const calendar = known.get(calendarId);
        ms = (calendar ? workingMsOf(calendar) : wallClock)(from, to);
        elapsed.set(calendarId, ms);
      }
      return ms;
    };
  }

  /**
   * The working minutes left of one incident now. Reactive on the clock: each card reads it for
   * itself, so a tick redraws countdowns, never the lists (which change only with a poll).
   */
  function leftMinutesOf(incident: Incident): number {
    const base = polledAt.value;
    return base === null
      ? incident.sla.leftMinutes
      : projectLeftMinutes(incident.sla, base, now.value, workingMs(incident.calendarId));
  }

  const sorted = computed(() => byDueTime(items.value));

  const live = computed<LiveIncident[]>(() =>
    sorted.value.map((incident) => ({ incident, leftMinutes: leftMinutesOf(incident) })),
  );

  /** The wall's columns: by priority, each by due time. Independent of the clock. */
  const byPriority = computed(() => {
    const columns = Object.fromEntries(
      PRIORITIES.map((priority) => [priority, [] as Incident[]]),
    ) as Record<Priority, Incident[]>;
    for (const incident of sorted.value) columns[incident.priority].push(incident);
    return columns;
  });

  const breached = computed(() =>
    live.value.filter((entry) => entry.incident.sla.breached || entry.leftMinutes < 0),
  );
  // Independent of the clock: a tick does not recount it.
  const paused = computed(() => sorted.value.filter((incident) => incident.sla.paused));

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

  /** Open P1 incidents past the desk: the ones that may stop the bidding (plan §6). */
  const stoppingBidding = computed(() =>
    sorted.value.filter(
      (incident) =>
        incident.priority === 'P1' && !PRE_ESCALATION_STATUSES.includes(incident.status),
    ),
  );

  const deciding = ref(false);
  const decisionError = ref<ShownProblem | null>(null);

  /**
   * The leaders' fallback decision on the version shown (If-Match): a change meanwhile is
   * refused with 412 and the wall re-reads the queue, so nobody decides on stale facts.
   */
  async function decide(
    incident: Incident,
    decision: FallbackDecision,
    reason: string,
  ): Promise<boolean> {
    deciding.value = true;
    decisionError.value = null;
    try {
      const { error: problem, response } = await api.POST(
        '/api/v1/incidents/{incidentId}/fallback-decisions',
        {
          params: {
            path: { incidentId: incident.id },
            header: { 'if-match': `"${incident.version}"` },
          },
          body: { decision, reason },
        },
      );
      if (!response.ok) decisionError.value = toShownProblem(problem, 'decision');
      if (response.ok || response.status === 412) await poll();
      return response.ok;
    } catch (cause) {
      decisionError.value = toShownProblem(cause, 'decision');
      return false;
    } finally {
      deciding.value = false;
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
    leftMinutesOf,
    byPriority,
    breached,
    paused,
    useClient,
    poll,
    loadRoster,
    tick,
    stoppingBidding,
    deciding,
    decisionError,
    decide,
  };
});
