/** The policy tables: the version in force, the versions before it, and a draft to publish. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api as defaultApi, type ApiClient } from '../../api/client';
import type { ShownProblem } from '../../lib/problem';
import { attempt } from '../../lib/admin/request';
import { draftOf, type PolicyInput, type PolicyVersion } from '../../lib/admin/policy-tables';
import { useSaving } from './saving';

export const useAdminPolicyStore = defineStore('admin-policy', () => {
  let api: ApiClient = defaultApi;
  const versions = ref<PolicyVersion[]>([]);
  /** The version on view (the one in force by default). */
  const selectedId = ref<number | null>(null);
  const draft = ref<PolicyInput | null>(null);
  const loading = ref(false);
  const loadError = ref<ShownProblem | null>(null);
  const { saving, problem, save, clearProblem } = useSaving();

  function useClient(client: ApiClient): void {
    api = client;
  }

  /** Newest first: the first is in force for incidents reported from now on. */
  const current = computed(() => versions.value[0] ?? null);
  const selected = computed(
    () => versions.value.find((version) => version.id === selectedId.value) ?? current.value,
  );

  async function load(): Promise<void> {
    loading.value = true;
    const outcome = await attempt('policy', () => api.GET('/api/v1/policy/versions'));
    loading.value = false;
    if (outcome.data) versions.value = outcome.data;
    loadError.value = outcome.problem;
  }

  /** An editable copy of the version in force. */
  function startDraft(): void {
    clearProblem();
    draft.value = current.value ? draftOf(current.value) : null;
  }

  function discardDraft(): void {
    draft.value = null;
  }

  /** Publishes the draft as the version in force; the draft closes on success. */
  async function publish(): Promise<boolean> {
    const input = draft.value;
    if (!input) return false;
    const result = await save(
      () => attempt('policy', () => api.POST('/api/v1/policy/versions', { body: input })),
      load,
    );
    if (result === null) return false;
    draft.value = null;
    selectedId.value = null;
    return true;
  }

  return {
    versions,
    selectedId,
    draft,
    loading,
    loadError,
    current,
    selected,
    saving,
    problem,
    clearProblem,
    useClient,
    load,
    startDraft,
    discardDraft,
    publish,
  };
});
