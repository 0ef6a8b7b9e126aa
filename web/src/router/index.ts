import {
  createRouter,
  createWebHistory,
  type RouteRecordRaw,
  type RouterHistory,
} from 'vue-router';
import { workspaceDecision, type Workspace } from '../lib/menu';
import { useSessionStore } from '../stores/session';

declare module 'vue-router' {
  interface RouteMeta {
    /** Pages anyone may open, signed in or not. */
    public?: boolean;
    /** The menu's workspace a route belongs to: only the groups it serves may open it. */
    workspace?: Workspace;
  }
}

const routes: RouteRecordRaw[] = [
  {
    path: '/sign-in',
    name: 'sign-in',
    component: () => import('../views/sign-in-view.vue'),
    meta: { public: true },
  },
  {
    path: '/',
    component: () => import('../views/app-shell.vue'),
    children: [
      { path: '', name: 'home', component: { render: () => null } },
      {
        path: 'queue',
        name: 'queue',
        component: () => import('../views/queue-view.vue'),
        meta: { workspace: 'queue' },
      },
      {
        path: 'incidents/:id(\\d+)',
        name: 'incident',
        component: () => import('../views/incident-view.vue'),
        props: (route) => ({ id: Number(route.params.id) }),
      },
      {
        path: 'report',
        name: 'report',
        component: () => import('../views/report-view.vue'),
        meta: { workspace: 'report' },
      },
      {
        path: 'mine',
        name: 'mine',
        component: () => import('../views/mine-view.vue'),
        meta: { workspace: 'mine' },
      },
      {
        path: 'changes',
        name: 'changes',
        component: () => import('../views/change-tasks-view.vue'),
        meta: { workspace: 'changes' },
      },
      {
        path: 'audit',
        name: 'audit',
        component: () => import('../views/audit-view.vue'),
        meta: { workspace: 'audit' },
      },
      // The admin workspace: its own sections, one lazy chunk per section.
      {
        path: 'admin/:section?',
        name: 'admin',
        component: () => import('../views/admin/admin-view.vue'),
        props: true,
        meta: { workspace: 'admin' },
      },
    ],
  },
  {
    path: '/war-room',
    name: 'war-room',
    component: () => import('../views/war-room-view.vue'),
    meta: { workspace: 'war-room' },
  },
  { path: '/:rest(.*)*', redirect: '/' },
];

/**
 * The app's router. `onRefused` tells the person why they landed on their home instead of a
 * workspace their groups may not use.
 */
export function createAppRouter(
  onRefused: (workspace: Workspace) => void = () => undefined,
  history: RouterHistory = createWebHistory(),
) {
  const router = createRouter({ history, routes });
  router.beforeEach(async (to) => {
    const session = useSessionStore();
    await session.load();
    if (to.meta.public) {
      return session.signedIn && to.name === 'sign-in' ? { name: session.home } : true;
    }
    if (!session.signedIn) return { name: 'sign-in', query: { next: to.fullPath } };
    if (to.name === 'home') return { name: session.home };
    const decision = workspaceDecision(to.meta.workspace, session.groups);
    if (decision.allowed) return true;
    onRefused(decision.refused);
    return { name: session.home };
  });
  return router;
}
