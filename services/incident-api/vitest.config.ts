import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources (the `source` export condition).
  ssr: { resolve: { conditions: ['source', 'module', 'node', 'development|production'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // Each file boots its own database (a PGlite instance or a PostgreSQL database of its own).
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
