/**
 * API tokens: mine, or (as admin) everyone's; create one (for me or for a person) whose secret
 * the API shows once, revoke one.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api as defaultApi, type ApiClient, type Schemas } from '../../api/client';
import type { ShownProblem } from '../../lib/problem';
import { attempt } from '../../lib/admin/request';
import { useSaving } from './saving';

export type ApiToken = Schemas['ApiToken'];
export type TokenRequest = Schemas['ApiTokenRequestInput'];
export type Scope = TokenRequest['scopes'][number];

export const SCOPES = [
  'incidents:read',
  'incidents:report',
  'incidents:act',
  'audit:read',
  'admin',
] as const satisfies readonly Scope[];

export const useAdminTokensStore = defineStore('admin-tokens', () => {
  let api: ApiClient = defaultApi;
  const tokens = ref<ApiToken[]>([]);
  /** Whose tokens are listed: a person's (mine by default), or everyone's (null, admins only). */
  const owner = ref<string | null>(null);
  const loading = ref(false);
  const loadError = ref<ShownProblem | null>(null);
  /** The secret of the token just created: shown once, forgotten on dismiss. */
  const secret = ref<{ name: string; token: string } | null>(null);
  const { saving, problem, save, clearProblem } = useSaving();

  function useClient(client: ApiClient): void {
    api = client;
  }

  async function load(): Promise<void> {
    loading.value = true;
    // Without personId the API lists an admin everyone's tokens (and anyone else their own).
    const query = owner.value === null ? {} : { personId: owner.value };
    const outcome = await attempt('tokens', () => api.GET('/api/v1/tokens', { params: { query } }));
    loading.value = false;
    if (outcome.data) tokens.value = outcome.data;
    loadError.value = outcome.problem;
  }

  async function create(input: TokenRequest): Promise<boolean> {
    const result = await save(
      () => attempt('token', () => api.POST('/api/v1/tokens', { body: input })),
      load,
    );
    if (result === null || result === true) return false;
    secret.value = { name: result.name, token: result.token };
    return true;
  }

  function forgetSecret(): void {
    secret.value = null;
  }

  const revoke = (id: string) =>
    save(
      () =>
        attempt('token', () =>
          api.DELETE('/api/v1/tokens/{tokenId}', { params: { path: { tokenId: id } } }),
        ),
      load,
    );

  return {
    tokens,
    owner,
    loading,
    loadError,
    secret,
    saving,
    problem,
    clearProblem,
    useClient,
    load,
    create,
    forgetSecret,
    revoke,
  };
});
