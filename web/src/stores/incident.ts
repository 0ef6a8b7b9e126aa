/** One incident: details, timeline, what the caller may do, and taking an action on it. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import {
  api as defaultApi,
  type ApiClient,
  type IncidentAction,
  type IncidentDetail,
} from '../api/client';
import { toShownProblem, type ShownProblem } from '../lib/problem';

export const useIncidentStore = defineStore('incident', () => {
  let api: ApiClient = defaultApi;
  const incident = ref<IncidentDetail | null>(null);
  const loading = ref(false);
  const acting = ref(false);
  const error = ref<ShownProblem | null>(null);
  const actionError = ref<ShownProblem | null>(null);

  function useClient(client: ApiClient): void {
    api = client;
  }

  async function load(id: number): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const { data, error: problem } = await api.GET('/api/v1/incidents/{incidentId}', {
        params: { path: { incidentId: id } },
      });
      incident.value = data ?? null;
      if (!data) error.value = toShownProblem(problem, 'incident');
    } catch (cause) {
      incident.value = null;
      error.value = toShownProblem(cause, 'incident');
    } finally {
      loading.value = false;
    }
  }

  /**
   * Takes an action on the version on screen (If-Match), so a change made meanwhile by someone
   * else is refused (412) rather than overwritten; then shows the new state.
   */
  async function act(action: IncidentAction): Promise<boolean> {
    const current = incident.value;
    if (!current) return false;
    acting.value = true;
    actionError.value = null;
    try {
      const { data, error: problem } = await api.POST('/api/v1/incidents/{incidentId}/actions', {
        params: {
          path: { incidentId: current.id },
          header: { 'if-match': `"${current.version}"` },
        },
        body: action,
      });
      if (problem !== undefined || data === undefined) {
        actionError.value = toShownProblem(problem, 'action');
        if (actionError.value.status === 412) await load(current.id);
        return false;
      }
      incident.value = data;
      return true;
    } catch (cause) {
      actionError.value = toShownProblem(cause, 'action');
      return false;
    } finally {
      acting.value = false;
    }
  }

  /** A comment for the timeline (everyone who may see the incident may comment). */
  async function comment(text: string): Promise<boolean> {
    const current = incident.value;
    if (!current) return false;
    acting.value = true;
    actionError.value = null;
    try {
      const { error: problem, response } = await api.POST(
        '/api/v1/incidents/{incidentId}/comments',
        {
          params: { path: { incidentId: current.id } },
          body: { text },
        },
      );
      if (!response.ok) {
        actionError.value = toShownProblem(problem, 'comment');
        return false;
      }
      await load(current.id);
      return true;
    } catch (cause) {
      actionError.value = toShownProblem(cause, 'comment');
      return false;
    } finally {
      acting.value = false;
    }
  }

  function clearActionError(): void {
    actionError.value = null;
  }

  return {
    incident,
    loading,
    acting,
    error,
    actionError,
    useClient,
    load,
    act,
    comment,
    clearActionError,
  };
});
