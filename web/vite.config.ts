import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [vue()],
  resolve: {
    // @ovms/policy exports its TypeScript source under the `source` condition.
    conditions: ['source', 'module', 'browser', 'development|production'],
  },
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 800,
    manifest: true,
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
    // A view test mounts Element Plus and a whole admin section: on CI's two shared cores, with
    // every test file's worker busy at once, that takes seconds, and vitest's default 5 s failed
    // CI once (2026-11-27; that test was also slowed by the tests before it, since fixed).
    testTimeout: 20_000,
  },
});
