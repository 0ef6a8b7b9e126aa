/** The plan's two hotlines (§4), public, shown in every header. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api as defaultApi, type ApiClient, type Hotline } from '../api/client';

export const useHotlinesStore = defineStore('hotlines', () => {
  let api: ApiClient = defaultApi;
  const hotlines = ref<Hotline[]>([]);
  const failed = ref(false);

  function useClient(client: ApiClient): void {
    api = client;
  }

  async function load(): Promise<void> {
    if (hotlines.value.length > 0) return;
    try {
      const { data } = await api.GET('/api/v1/hotlines');
      hotlines.value = data ?? [];
      failed.value = !data;
    } catch {
      failed.value = true;
    }
  }

  return { hotlines, failed, useClient, load };
});
