/** The queue of open incidents, by due time, with the filters the workspaces use. */
import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import {
  api as defaultApi,
  type ApiClient,
  type Incident,
  type IncidentStatus,
  type Priority,
} from '../api/client';
import { toShownProblem, type ShownProblem } from '../lib/problem';
import { byDueTime } from '../lib/sla';

export interface QueueFilters {
  status: IncidentStatus[];
  priority: Priority[];
  holder: string;
}

export const useQueueStore = defineStore('queue', () => {
  let api: ApiClient = defaultApi;
  const items = ref<Incident[]>([]);
  const filters = reactive<QueueFilters>({ status: [], priority: [], holder: '' });
  const loading = ref(false);
  const error = ref<ShownProblem | null>(null);
  /** When the last answer arrived (ms since the epoch): the base of local countdowns. */
  const polledAt = ref<number | null>(null);

  const sorted = computed(() => byDueTime(items.value));

  function useClient(client: ApiClient): void {
    api = client;
  }

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const { data, error: problem } = await api.GET('/api/v1/incidents', {
        params: {
          query: {
            limit: 200,
            ...(filters.status.length > 0 ? { status: filters.status } : {}),
            ...(filters.priority.length > 0 ? { priority: filters.priority } : {}),
            ...(filters.holder ? { holder: filters.holder } : {}),
          },
        },
      });
      if (data) {
        items.value = data.items;
        polledAt.value = Date.now();
        error.value = null;
      } else {
        error.value = toShownProblem(problem, 'queue');
      }
    } catch (cause) {
      error.value = toShownProblem(cause, 'queue');
    } finally {
      loading.value = false;
    }
  }

  /** Filters are set once per session from the person's groups, then left to the person. */
  const initialised = ref(false);

  function initialiseFilters(holder: string): void {
    if (initialised.value) return;
    filters.holder = holder;
    initialised.value = true;
  }

  function resetFilters(): void {
    filters.status = [];
    filters.priority = [];
    filters.holder = '';
  }

  return {
    items,
    sorted,
    filters,
    loading,
    error,
    polledAt,
    useClient,
    load,
    initialiseFilters,
    resetFilters,
  };
});
