/**
 * The browser app (D5), built to designer/dist and served by the server at `/`.
 * `npm run build:designer` builds it; `npm run dev:designer` serves it with hot reload
 * and sends /v2 and /api on to a server on RELATA_DEV_API (http://localhost:8080).
 */
import { defineConfig } from 'vite';

const api = process.env.RELATA_DEV_API ?? 'http://localhost:8080';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // bpmn-js with the properties panel is one large chunk, loaded only by the modeler.
    chunkSizeWarningLimit: 2048,
  },
  server: {
    // The lint rules read runtime/src/compile/supportedElements.ts.
    fs: { allow: ['..'] },
    proxy: { '/v2': api, '/api': api },
  },
});
