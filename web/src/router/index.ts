import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useSessionStore } from '../stores/session';

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
      { path: 'queue', name: 'queue', component: () => import('../views/queue-view.vue') },
      {
        path: 'incidents/:id(\\d+)',
        name: 'incident',
        component: () => import('../views/incident-view.vue'),
        props: (route) => ({ id: Number(route.params.id) }),
      },
      { path: 'report', name: 'report', component: () => import('../views/report-view.vue') },
      { path: 'mine', name: 'mine', component: () => import('../views/mine-view.vue') },
      {
        path: 'changes',
        name: 'changes',
        component: () => import('../views/change-tasks-view.vue'),
      },
      { path: 'audit', name: 'audit', component: () => import('../views/audit-view.vue') },
      // The admin workspace: its own sections, one lazy chunk per section.
      {
        path: 'admin/:section?',
        name: 'admin',
        component: () => import('../views/admin/admin-view.vue'),
        props: true,
      },
    ],
  },
  { path: '/war-room', name: 'war-room', component: () => import('../views/war-room-view.vue') },
  { path: '/:rest(.*)*', redirect: '/' },
];

export function createAppRouter() {
  const router = createRouter({ history: createWebHistory(), routes });
  router.beforeEach(async (to) => {
    const session = useSessionStore();
    await session.load();
    if (to.meta.public) {
      return session.signedIn && to.name === 'sign-in' ? { name: session.home } : true;
    }
    if (!session.signedIn) return { name: 'sign-in', query: { next: to.fullPath } };
    if (to.name === 'home') return { name: session.home };
    return true;
  });
  return router;
}
