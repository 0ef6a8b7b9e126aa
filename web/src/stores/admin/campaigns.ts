/** Campaigns (a window of a grade override, with systems and a service window) and systems. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api as defaultApi, type ApiClient, type Schemas } from '../../api/client';
import type { ShownProblem } from '../../lib/problem';
import { attempt } from '../../lib/admin/request';
import { useSaving } from './saving';

export type Campaign = Schemas['Campaign'];
export type NewCampaign = Schemas['NewCampaignInput'];
export type CampaignPatch = Schemas['CampaignPatchInput'];
export type System = Schemas['System'];
export type NewSystem = Schemas['NewSystemInput'];
export type SystemPatch = Schemas['SystemPatchInput'];

export const useAdminCampaignsStore = defineStore('admin-campaigns', () => {
  let api: ApiClient = defaultApi;
  const campaigns = ref<Campaign[]>([]);
  const systems = ref<System[]>([]);
  const calendars = ref<Schemas['Calendar'][]>([]);
  const loading = ref(false);
  const loadError = ref<ShownProblem | null>(null);
  const { saving, problem, save, clearProblem } = useSaving();

  function useClient(client: ApiClient): void {
    api = client;
  }

  /** Campaigns, systems and calendars (the forms' choices), together. */
  async function load(): Promise<void> {
    loading.value = true;
    const [c, s, k] = await Promise.all([
      attempt('campaigns', () => api.GET('/api/v1/campaigns')),
      attempt('systems', () => api.GET('/api/v1/systems')),
      attempt('calendars', () => api.GET('/api/v1/calendars')),
    ]);
    loading.value = false;
    if (c.data) campaigns.value = c.data;
    if (s.data) systems.value = s.data;
    if (k.data) calendars.value = k.data;
    loadError.value = c.problem ?? s.problem ?? k.problem;
  }

  const createCampaign = (input: NewCampaign) =>
    save(() => attempt('campaign', () => api.POST('/api/v1/campaigns', { body: input })), load);

  const updateCampaign = (id: string, patch: CampaignPatch) =>
    save(
      () =>
        attempt('campaign', () =>
          api.PATCH('/api/v1/campaigns/{campaignId}', {
            params: { path: { campaignId: id } },
            body: patch,
          }),
        ),
      load,
    );

  /** The API refuses to delete a campaign incidents were reported under: its detail stays in `problem`. */
  const deleteCampaign = (id: string) =>
    save(
      () =>
        attempt('campaign', () =>
          api.DELETE('/api/v1/campaigns/{campaignId}', { params: { path: { campaignId: id } } }),
        ),
      load,
    );

  const createSystem = (input: NewSystem) =>
    save(() => attempt('system', () => api.POST('/api/v1/systems', { body: input })), load);

  const updateSystem = (id: string, patch: SystemPatch) =>
    save(
      () =>
        attempt('system', () =>
          api.PATCH('/api/v1/systems/{systemId}', {
            params: { path: { systemId: id } },
            body: patch,
          }),
        ),
      load,
    );

  /** Refused (409) while incidents were reported on it or a campaign names it: see `problem`. */
  const deleteSystem = (id: string) =>
    save(
      () =>
        attempt('system', () =>
          api.DELETE('/api/v1/systems/{systemId}', { params: { path: { systemId: id } } }),
        ),
      load,
    );

  return {
    campaigns,
    systems,
    calendars,
    loading,
    loadError,
    saving,
    problem,
    clearProblem,
    useClient,
    load,
    createCampaign,
    updateCampaign,
    deleteCampaign,
    createSystem,
    updateSystem,
    deleteSystem,
  };
});
