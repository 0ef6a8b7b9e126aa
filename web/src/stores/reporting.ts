/**
 * Reporting a problem (web form, or the desk logging a hotline call) and the reporter's own
 * organisation's incidents with their final tests.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import {
  api as defaultApi,
  type ApiClient,
  type Incident,
  type IncidentAction,
  type IncidentReport,
} from '../api/client';
import { toShownProblem, type ShownProblem } from '../lib/problem';
import { byDueTime } from '../lib/sla';

export const useReportingStore = defineStore('reporting', () => {
  let api: ApiClient = defaultApi;
  const submitting = ref(false);
  const reportError = ref<ShownProblem | null>(null);
  const mine = ref<Incident[]>([]);
  const loading = ref(false);
  const error = ref<ShownProblem | null>(null);
  const acting = ref<number | null>(null);

  function useClient(client: ApiClient): void {
    api = client;
  }

  /**
   * Sends a report; the idempotency key makes a retried submit (double click, flaky network)
   * create one incident. Returns its number.
   */
  async function report(input: IncidentReport, idempotencyKey: string): Promise<number | null> {
    submitting.value = true;
    reportError.value = null;
    try {
      const { data, error: problem } = await api.POST('/api/v1/incidents', {
        params: { header: { 'idempotency-key': idempotencyKey } },
        body: input,
      });
      if (!data) {
        reportError.value = toShownProblem(problem, 'report');
        return null;
      }
      return data.id;
    } catch (cause) {
      reportError.value = toShownProblem(cause, 'report');
      return null;
    } finally {
      submitting.value = false;
    }
  }

  /** The incidents the API lets this person see: for a reporter, their organisation's. */
  async function loadMine(): Promise<void> {
    loading.value = true;
    try {
      const { data, error: problem } = await api.GET('/api/v1/incidents', {
        params: { query: { limit: 200 } },
      });
      if (data) {
        mine.value = byDueTime(data.items);
        error.value = null;
      } else {
        error.value = toShownProblem(problem, 'incidents');
      }
    } catch (cause) {
      error.value = toShownProblem(cause, 'incidents');
    } finally {
      loading.value = false;
    }
  }

  /** Confirm or reject a fix delivered for the final test, on the version shown. */
  async function finalTest(
    incident: Pick<Incident, 'id' | 'version'>,
    action: Extract<IncidentAction, { type: 'confirm_fix' | 'reject_fix' }>,
  ): Promise<boolean> {
    acting.value = incident.id;
    error.value = null;
    try {
      const { data, error: problem } = await api.POST('/api/v1/incidents/{incidentId}/actions', {
        params: {
          path: { incidentId: incident.id },
          header: { 'if-match': `"${incident.version}"` },
        },
        body: action,
      });
      await loadMine();
      if (!data) {
        error.value = toShownProblem(problem, 'final test');
        return false;
      }
      return true;
    } catch (cause) {
      error.value = toShownProblem(cause, 'final test');
      return false;
    } finally {
      acting.value = null;
    }
  }

  return {
    submitting,
    reportError,
    mine,
    loading,
    error,
    acting,
    useClient,
    report,
    loadMine,
    finalTest,
  };
});
