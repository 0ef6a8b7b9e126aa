/** The hotlines of plan §4 as the admin keeps them; the header's numbers follow each change. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api as defaultApi, type ApiClient, type Schemas } from '../../api/client';
import type { ShownProblem } from '../../lib/problem';
import { attempt } from '../../lib/admin/request';
import { useHotlinesStore } from '../hotlines';
import { useSaving } from './saving';

export type Hotline = Schemas['Hotline'];
export type NewHotline = Schemas['NewHotlineInput'];
export type HotlinePatch = Schemas['HotlinePatchInput'];
export const HOTLINE_PURPOSES = [
  'system_fault',
  'operation_question',
] as const satisfies readonly Hotline['purpose'][];

export const useAdminHotlinesStore = defineStore('admin-hotlines', () => {
  let api: ApiClient = defaultApi;
  const hotlines = ref<Hotline[]>([]);
  const loading = ref(false);
  const loadError = ref<ShownProblem | null>(null);
  const { saving, problem, save, clearProblem } = useSaving();

  function useClient(client: ApiClient): void {
    api = client;
  }

  async function load(): Promise<void> {
    loading.value = true;
    const outcome = await attempt('hotlines', () => api.GET('/api/v1/hotlines'));
    loading.value = false;
    loadError.value = outcome.problem;
    if (!outcome.data) return;
    hotlines.value = outcome.data;
    // Every header shows the numbers: a change here shows there without a reload.
    useHotlinesStore().hotlines = outcome.data;
  }

  const createHotline = (input: NewHotline) =>
    save(() => attempt('hotline', () => api.POST('/api/v1/hotlines', { body: input })), load);

  const updateHotline = (id: string, patch: HotlinePatch) =>
    save(
      () =>
        attempt('hotline', () =>
          api.PATCH('/api/v1/hotlines/{hotlineId}', {
            params: { path: { hotlineId: id } },
            body: patch,
          }),
        ),
      load,
    );

  const deleteHotline = (id: string) =>
    save(
      () =>
        attempt('hotline', () =>
          api.DELETE('/api/v1/hotlines/{hotlineId}', { params: { path: { hotlineId: id } } }),
        ),
      load,
    );

  return {
    hotlines,
    loading,
    loadError,
    saving,
    problem,
    clearProblem,
    useClient,
    load,
    createHotline,
    updateHotline,
    deleteHotline,
  };
});
