/** Who is signed in, with the CSRF token for writes; the menu follows the person's groups. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api as defaultApi, setCsrfToken, type ApiClient, type Session } from '../api/client';
import { toShownProblem, type ShownProblem } from '../lib/problem';
import { homeOf, workspacesOf } from '../lib/menu';

export const useSessionStore = defineStore('session', () => {
  let api: ApiClient = defaultApi;
  const person = ref<Session['person'] | null>(null);
  const loaded = ref(false);
  const busy = ref(false);
  const error = ref<ShownProblem | null>(null);

  const groups = computed(() => person.value?.groups ?? []);
  const workspaces = computed(() => workspacesOf(groups.value));
  const home = computed(() => homeOf(groups.value));
  const signedIn = computed(() => person.value !== null);

  function adopt(session: Session | undefined): void {
    person.value = session?.person ?? null;
    setCsrfToken(session?.csrfToken ?? null);
  }

  /** For tests: a client against a fake fetch. */
  function useClient(client: ApiClient): void {
    api = client;
  }

  /** Restores the session from the cookie, once per page load. */
  async function load(): Promise<void> {
    if (loaded.value) return;
    try {
      const { data } = await api.GET('/api/v1/auth/session');
      adopt(data);
    } catch {
      adopt(undefined);
    } finally {
      loaded.value = true;
    }
  }

  async function signIn(login: string, password: string): Promise<boolean> {
    busy.value = true;
    error.value = null;
    try {
      const { data, error: problem } = await api.POST('/api/v1/auth/sign-in', {
        body: { login, password },
      });
      if (!data) {
        error.value = toShownProblem(problem, 'sign-in failed');
        return false;
      }
      adopt(data);
      loaded.value = true;
      return true;
    } catch (cause) {
      error.value = toShownProblem(cause, 'sign-in failed');
      return false;
    } finally {
      busy.value = false;
    }
  }

  async function signOut(): Promise<void> {
    try {
      await api.POST('/api/v1/auth/sign-out');
    } finally {
      adopt(undefined);
    }
  }

  return {
    person,
    loaded,
    busy,
    error,
    groups,
    workspaces,
    home,
    signedIn,
    useClient,
    load,
    signIn,
    signOut,
  };
});
