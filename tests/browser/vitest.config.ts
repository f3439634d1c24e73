// The browser tests (DESIGN.md D5): the real server in-process, the built app, Debian's
// Chromium driven by playwright-core. `npm run test:browser` builds designer/dist first.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'browser',
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/browser/**/*.test.ts'],
    globalSetup: ['tests/browser/support/globalSetup.ts'],
    // Each file starts a server and a browser; one at a time keeps two cores calm.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
