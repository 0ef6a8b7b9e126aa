/** The roster and the groups: people with their groups and leads, groups' duty phones and duties. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api as defaultApi, type ApiClient, type Schemas } from '../../api/client';
import type { ShownProblem } from '../../lib/problem';
import { attempt } from '../../lib/admin/request';
import { useSaving } from './saving';

export type Person = Schemas['Person'];
export type Group = Schemas['Group'];
export type GroupId = Group['id'];
export type NewPerson = Schemas['NewPersonInput'];
export type PersonPatch = Schemas['PersonPatchInput'];
export type Memberships = Schemas['MembershipsSettingInput']['groups'];
export type GroupPatch = Schemas['GroupPatchInput'];

export const GROUP_IDS = [
  'leaders',
  'desk',
  'system',
  'devops',
  'vendor',
  'reporters',
  'admin',
] as const satisfies readonly GroupId[];

export const useAdminPeopleStore = defineStore('admin-people', () => {
  let api: ApiClient = defaultApi;
  const people = ref<Person[]>([]);
  const groups = ref<Group[]>([]);
  const loading = ref(false);
  const loadError = ref<ShownProblem | null>(null);
  const filter = ref('');
  const { saving, problem, save, clearProblem } = useSaving();

  function useClient(client: ApiClient): void {
    api = client;
  }

  /** The roster filtered by name, id, organisation or group; active people first. */
  const shown = computed(() => {
    const needle = filter.value.trim().toLowerCase();
    return people.value
      .filter(
        (person) =>
          needle === '' ||
          [person.id, person.name, person.organisation, person.title, person.phone ?? '']
            .concat(person.groups.map((membership) => membership.groupId))
            .some((text) => text.toLowerCase().includes(needle)),
      )
      .sort((a, b) => Number(b.active) - Number(a.active) || a.id.localeCompare(b.id));
  });

  async function load(): Promise<void> {
    loading.value = true;
    const [p, g] = await Promise.all([
      attempt('people', () => api.GET('/api/v1/people')),
      attempt('groups', () => api.GET('/api/v1/groups')),
    ]);
    loading.value = false;
    if (p.data) people.value = p.data;
    if (g.data) groups.value = g.data;
    loadError.value = p.problem ?? g.problem;
  }

  const createPerson = (input: NewPerson) =>
    save(() => attempt('person', () => api.POST('/api/v1/people', { body: input })), load);

  const updatePerson = (id: string, patch: PersonPatch) =>
    save(
      () =>
        attempt('person', () =>
          api.PATCH('/api/v1/people/{personId}', {
            params: { path: { personId: id } },
            body: patch,
          }),
        ),
      load,
    );

  const setGroups = (id: string, memberships: Memberships) =>
    save(
      () =>
        attempt('groups', () =>
          api.PUT('/api/v1/people/{personId}/groups', {
            params: { path: { personId: id } },
            body: { groups: memberships },
          }),
        ),
      load,
    );

  const setActive = (id: string, active: boolean) =>
    save(
      () =>
        attempt('person', () =>
          active
            ? api.POST('/api/v1/people/{personId}/reactivate', {
                params: { path: { personId: id } },
              })
            : api.POST('/api/v1/people/{personId}/deactivate', {
                params: { path: { personId: id } },
              }),
        ),
      load,
    );

  const resetPassword = (id: string, newPassword: string) =>
    save(() =>
      attempt('password', () =>
        api.PUT('/api/v1/people/{personId}/password', {
          params: { path: { personId: id } },
          body: { newPassword },
        }),
      ),
    );

  const updateGroup = (id: GroupId, patch: GroupPatch) =>
    save(
      () =>
        attempt('group', () =>
          api.PATCH('/api/v1/groups/{groupId}', {
            params: { path: { groupId: id } },
            body: patch,
          }),
        ),
      load,
    );

  return {
    people,
    groups,
    loading,
    loadError,
    filter,
    shown,
    saving,
    problem,
    clearProblem,
    useClient,
    load,
    createPerson,
    updatePerson,
    setGroups,
    setActive,
    resetPassword,
    updateGroup,
  };
});
