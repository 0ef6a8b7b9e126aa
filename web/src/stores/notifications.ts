/** My notifications (the bell): the notices sent to me in the app, unread first. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api as defaultApi, type ApiClient, type Schemas } from '../api/client';

export const useNotificationsStore = defineStore('notifications', () => {
  let api: ApiClient = defaultApi;
  const items = ref<Schemas['Notification'][]>([]);
  const unread = ref(0);

  function useClient(client: ApiClient): void {
    api = client;
  }

  async function load(): Promise<void> {
    try {
      const { data } = await api.GET('/api/v1/notifications', { params: { query: { limit: 20 } } });
      if (data) {
        items.value = data.items;
        unread.value = data.unread;
      }
    } catch {
      // the bell keeps what it had; the next event or poll tries again
    }
  }

  async function markRead(id: number): Promise<void> {
    const { response } = await api.POST('/api/v1/notifications/{notificationId}/read', {
      params: { path: { notificationId: id } },
    });
    if (response.ok) await load();
  }

  async function markAllRead(): Promise<void> {
    const { response } = await api.POST('/api/v1/notifications/read-all');
    if (response.ok) await load();
  }

  return { items, unread, useClient, load, markRead, markAllRead };
});
