/** The router's guard with a signed-in person: a workspace their groups may not use sends them home. */
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory } from 'vue-router';
import type { Workspace } from '../lib/menu';
import { useSessionStore } from '../stores/session';
import { createAppRouter } from '.';

function signedInAs(groups: string[]): void {
  const session = useSessionStore();
  session.person = { id: 'p', name: 'P', organisation: '华南区-广东', groups };
  session.loaded = true;
}

beforeEach(() => {
  setActivePinia(createPinia());
});

describe('route guard', () => {
  it('sends a reporter who types /admin to the report form, saying why', async () => {
    signedInAs(['reporters']);
    const refused: Workspace[] = [];
    const router = createAppRouter((workspace) => refused.push(workspace), createMemoryHistory());
    await router.push('/admin/people');
    expect(router.currentRoute.value.name).toBe('report');
    expect(refused).toEqual(['admin']);

    await router.push('/war-room');
    expect(router.currentRoute.value.name).toBe('report');
    expect(refused).toEqual(['admin', 'war-room']);

    await router.push('/mine');
    expect(router.currentRoute.value.name).toBe('mine');
    await router.push('/incidents/12');
    expect(router.currentRoute.value.name).toBe('incident');
    expect(refused).toEqual(['admin', 'war-room']);
  });

  it('lets an admin into the administration without a notice', async () => {
    signedInAs(['admin']);
    const refused: Workspace[] = [];
    const router = createAppRouter((workspace) => refused.push(workspace), createMemoryHistory());
    await router.push('/admin/people');
    expect(router.currentRoute.value.name).toBe('admin');
    await router.push('/changes');
    expect(router.currentRoute.value.name).toBe('queue');
    expect(refused).toEqual(['changes']);
  });
});
