/** Change tasks across incidents: what waits for me (approve, execute, verify) and the history. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import {
  api as defaultApi,
  type ApiClient,
  type ChangeTaskRow,
  type IncidentAction,
} from '../api/client';
import {
  CLOSED_TASK_STATUSES,
  OPEN_TASK_STATUSES,
  waitingFor,
  type ChangeTaskStatus,
} from '../lib/change-steps';
import { toShownProblem, type ShownProblem } from '../lib/problem';

/** `mine`: what waits for my groups; `open`: every open task; `done`: closed ones. */
export type ChangeTaskView = 'mine' | 'open' | 'done';

export const useChangeTasksStore = defineStore('change-tasks', () => {
  let api: ApiClient = defaultApi;
  const view = ref<ChangeTaskView>('mine');
  const items = ref<ChangeTaskRow[]>([]);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const acting = ref(false);
  const error = ref<ShownProblem | null>(null);
  const stepError = ref<ShownProblem | null>(null);

  function useClient(client: ApiClient): void {
    api = client;
  }

  function statusesOf(groups: readonly string[]): ChangeTaskStatus[] {
    if (view.value === 'done') return [...CLOSED_TASK_STATUSES];
    if (view.value === 'mine') {
      const mine = waitingFor(groups);
      if (mine.length > 0) return mine;
    }
    return [...OPEN_TASK_STATUSES];
  }

  /** Loads the first page of the current view; `more` appends the next one. */
  async function load(groups: readonly string[], more = false): Promise<void> {
    loading.value = true;
    try {
      const { data, error: problem } = await api.GET('/api/v1/change-tasks', {
        params: {
          query: {
            status: statusesOf(groups),
            limit: 100,
            ...(more && nextCursor.value ? { cursor: nextCursor.value } : {}),
          },
        },
      });
      if (data) {
        items.value = more ? [...items.value, ...data.items] : data.items;
        nextCursor.value = data.nextCursor;
        error.value = null;
      } else {
        error.value = toShownProblem(problem, 'change tasks');
      }
    } catch (cause) {
      error.value = toShownProblem(cause, 'change tasks');
    } finally {
      loading.value = false;
    }
  }

  /**
   * Takes a step on the incident version the row was read with (If-Match): a change made
   * meanwhile is refused with 412 and the list reloads, instead of acting on stale data.
   */
  async function step(
    row: ChangeTaskRow,
    action: IncidentAction,
    groups: readonly string[],
  ): Promise<boolean> {
    acting.value = true;
    stepError.value = null;
    try {
      const { error: problem, response } = await api.POST(
        '/api/v1/incidents/{incidentId}/actions',
        {
          params: {
            path: { incidentId: row.incident.id },
            header: { 'if-match': `"${row.incident.version}"` },
          },
          body: action,
        },
      );
      if (!response.ok) {
        stepError.value = toShownProblem(problem, 'change task');
        if (response.status === 412) await load(groups);
        return false;
      }
      await load(groups);
      return true;
    } catch (cause) {
      stepError.value = toShownProblem(cause, 'change task');
      return false;
    } finally {
      acting.value = false;
    }
  }

  function clearStepError(): void {
    stepError.value = null;
  }

  return {
    view,
    items,
    nextCursor,
    loading,
    acting,
    error,
    stepError,
    useClient,
    load,
    step,
    clearStepError,
  };
});
