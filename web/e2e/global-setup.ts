/** One real API (fresh embedded database, demo data, the production build at `/`) for every e2e file. */
import type { TestProject } from 'vitest/node';
import { startApi } from './harness';

declare module 'vitest' {
  export interface ProvidedContext {
    apiBaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const api = await startApi();
  project.provide('apiBaseUrl', api.baseUrl);
  return () => api.stop();
}
