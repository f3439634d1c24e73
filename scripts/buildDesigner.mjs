#!/usr/bin/env node
// Builds the browser app (designer/) into designer/dist with vite, which the server
// serves at `/` (DESIGN.md D5). `npm start` runs it after the set-up: it builds only when
// the build is missing or older than its sources (designer/, the runtime files its lint
// rules read, package-lock.json). `--force` (npm run build:designer) always builds.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const designerDir = join(repoRoot, 'designer');
const distDir = join(designerDir, 'dist');
/** Written after a successful build; dot files are not served. */
const stampFile = join(distDir, '.built');

const sources = [
  join(designerDir, 'index.html'),
  join(designerDir, 'vite.config.ts'),
  join(designerDir, 'src'),
  join(designerDir, 'public'),
  // designer/src/lint reads the runtime's list of supported elements.
  join(repoRoot, 'runtime', 'src', 'compile', 'supportedElements.ts'),
  join(repoRoot, 'runtime', 'src', 'parse', 'moddleElement.ts'),
  // the pages read field kinds, stages, roles and interaction kinds from the schemas.
  join(repoRoot, 'schemas'),
  join(repoRoot, 'package-lock.json'),
];

const force = process.argv.includes('--force');
const reason = force ? 'asked to (--force)' : staleness();
if (!reason) {
  console.log('build:designer: designer/dist is up to date.');
  process.exit(0);
}

console.log(`build:designer: building designer/dist (${reason})…`);
const started = Date.now();
try {
  const { build } = await import('vite');
  await build({
    root: designerDir,
    configFile: join(designerDir, 'vite.config.ts'),
    logLevel: 'warn',
  });
} catch (error) {
  console.error(
    `build:designer: the build failed: ${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
}
writeFileSync(stampFile, `${new Date().toISOString()}\n`);
console.log(
  `build:designer: built designer/dist in ${((Date.now() - started) / 1000).toFixed(1)}s.`,
);

/** Why a build is needed, or undefined when designer/dist is newer than every source. */
function staleness() {
  if (!existsSync(stampFile)) return 'no build yet';
  const built = statSync(stampFile).mtimeMs;
  const newer = sources.find((source) => newestMtime(source) > built);
  return newer ? `${newer.slice(repoRoot.length + 1)} changed` : undefined;
}

/** The newest modification time of a file or of anything in a folder (0 when missing). */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}
