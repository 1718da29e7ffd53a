import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web registry, built into dist/web and served by the Nest app at `/` (apps/registry-api/src/web).
 * `npm run dev:web` proxies the API to a registry on 127.0.0.1:3000.
 */
export default defineConfig({
  root: here,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    // The budget that matters is first-load JS gzipped (< 200 KB, docs/notes/web-registry.md), not minified size.
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      // React Query marks its modules "use client" (for React Server Components); meaningless in this bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    proxy: Object.fromEntries(['/graphql', '/.well-known', '/status', '/health'].map((path) => [path, 'http://127.0.0.1:3000'])),
  },
});
