/** The audit trail for admins and leaders: filtered pages, newest first, and the chain check. */
import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import {
  api as defaultApi,
  type ApiClient,
  type AuditEntry,
  type AuditVerification,
} from '../api/client';
import { toShownProblem, type ShownProblem } from '../lib/problem';

export interface AuditFilters {
  entity: string;
  entityId: string;
  actorId: string;
  action: string;
  /** ISO instants; empty: unbounded. */
  from: string;
  to: string;
}

const EMPTY: AuditFilters = { entity: '', entityId: '', actorId: '', action: '', from: '', to: '' };

export const useAuditStore = defineStore('audit', () => {
  let api: ApiClient = defaultApi;
  const filters = reactive<AuditFilters>({ ...EMPTY });
  const items = ref<AuditEntry[]>([]);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const error = ref<ShownProblem | null>(null);
  const verification = ref<AuditVerification | null>(null);
  const verifying = ref(false);

  function useClient(client: ApiClient): void {
    api = client;
  }

  /** Only the filters that are set go into the query. */
  function query(): Partial<AuditFilters> {
    return Object.fromEntries(
      Object.entries(filters)
        .map(([key, value]) => [key, value.trim()])
        .filter(([, value]) => value !== ''),
    ) as Partial<AuditFilters>;
  }

  async function load(more = false): Promise<void> {
    loading.value = true;
    try {
      const { data, error: problem } = await api.GET('/api/v1/audit', {
        params: {
          query: {
            ...query(),
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
        error.value = toShownProblem(problem, 'audit');
      }
    } catch (cause) {
      error.value = toShownProblem(cause, 'audit');
    } finally {
      loading.value = false;
    }
  }

  function setFilters(next: Partial<AuditFilters>): void {
    Object.assign(filters, EMPTY, next);
  }

  /** Walks the whole hash chain on the server; names the first broken link. */
  async function verify(): Promise<void> {
    verifying.value = true;
    try {
      const { data, error: problem } = await api.GET('/api/v1/audit/verify');
      verification.value = data ?? null;
      if (!data) error.value = toShownProblem(problem, 'audit');
    } catch (cause) {
      error.value = toShownProblem(cause, 'audit');
    } finally {
      verifying.value = false;
    }
  }

  return {
    filters,
    items,
    nextCursor,
    loading,
    error,
    verification,
    verifying,
    useClient,
    load,
    setFilters,
    verify,
  };
});
