import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // A page's first visit to a lazy route loads its chunk: on a busy 2-core CI machine that can
    // take longer than expect.poll's default second.
    expect: { poll: { timeout: 10_000 } },
  },
});
