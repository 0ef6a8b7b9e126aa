import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { setCsrfToken } from '../api/client';
import { fakeApi } from './fake-api';
import { useSessionStore } from './session';

const desk = {
  person: { id: 'su-shengchun', name: '苏胜春', organisation: '顺丰', groups: ['desk'] },
  credential: 'session',
  scopes: ['incidents:read', 'incidents:act'],
  csrfToken: 'csrf-1',
  expiresAt: null,
};

beforeEach(() => {
  setActivePinia(createPinia());
  setCsrfToken(null);
});

describe('session store', () => {
  it('signs in, derives the menu from the groups, and sends the CSRF token with writes', async () => {
    const { client, requests } = fakeApi({
      'POST /api/v1/auth/sign-in': { body: desk },
      'POST /api/v1/auth/sign-out': { status: 204 },
    });
    const session = useSessionStore();
    session.useClient(client);

    expect(await session.signIn('su-shengchun', 'desk-ovms-2015')).toBe(true);
    expect(session.person?.name).toBe('苏胜春');
    expect(session.workspaces).toEqual(['queue', 'war-room', 'report']);
    expect(session.home).toBe('queue');
    expect(requests[0]?.body).toEqual({ login: 'su-shengchun', password: 'desk-ovms-2015' });

    await session.signOut();
    expect(requests[1]?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(session.signedIn).toBe(false);
  });

  it('shows the problem detail of a refused sign-in', async () => {
    const { client } = fakeApi({
      'POST /api/v1/auth/sign-in': {
        status: 401,
        body: { type: 'about:blank', title: 'Unauthorized', status: 401, detail: '账号或密码错误' },
      },
    });
    const session = useSessionStore();
    session.useClient(client);
    expect(await session.signIn('x', 'y')).toBe(false);
    expect(session.error).toEqual({ message: '账号或密码错误', status: 401, fields: {} });
    expect(session.signedIn).toBe(false);
  });

  it('restores the session from the cookie once, and stays signed out on 401', async () => {
    let calls = 0;
    const { client } = fakeApi({
      'GET /api/v1/auth/session': () => {
        calls += 1;
        return { status: 401, body: { type: 'about:blank', title: 'Unauthorized', status: 401 } };
      },
    });
    const session = useSessionStore();
    session.useClient(client);
    await session.load();
    await session.load();
    expect(calls).toBe(1);
    expect(session.loaded).toBe(true);
    expect(session.signedIn).toBe(false);
  });
});
