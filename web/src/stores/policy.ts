/** The policy versions and service-window calendars an incident page needs for previews (cached). */
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { WorkingCalendar } from '@ovms/policy';
import { api as defaultApi, type ApiClient, type Schemas } from '../api/client';
import { compileServiceWindow } from '../lib/calendar';

export const usePolicyStore = defineStore('policy', () => {
  let api: ApiClient = defaultApi;
  const versions = shallowRef(new Map<number, Schemas['PolicyVersion']>());
  const calendars = shallowRef(new Map<string, WorkingCalendar>());
  const nominalDayMinutes = shallowRef(new Map<string, number>());

  function useClient(client: ApiClient): void {
    api = client;
  }

  async function loadVersion(id: number): Promise<void> {
    if (versions.value.has(id)) return;
    try {
      const { data } = await api.GET('/api/v1/policy/versions/{versionId}', {
        params: { path: { versionId: id } },
      });
      if (data) versions.value = new Map(versions.value).set(id, data);
    } catch {
      // no preview without the tables
    }
  }

  async function loadCalendar(id: string): Promise<void> {
    if (calendars.value.has(id)) return;
    try {
      const { data } = await api.GET('/api/v1/calendars/{calendarId}', {
        params: { path: { calendarId: id } },
      });
      if (data) {
        calendars.value = new Map(calendars.value).set(id, compileServiceWindow(data, Date.now()));
        nominalDayMinutes.value = new Map(nominalDayMinutes.value).set(id, data.nominalDayMinutes);
      }
    } catch {
      // the preview shows the priority and target without a due time
    }
  }

  return { versions, calendars, nominalDayMinutes, useClient, loadVersion, loadCalendar };
});
