#!/usr/bin/env node
// Idempotent set-up for `npm start`, `npm test` and `.ci/run` (DESIGN.md D3).
// With MONGODB_URI set there is nothing to do. Otherwise FerretDB is built from
// tools/ferretdb into tools/bin/ferretdb when the binary is missing or older than
// its sources: first offline from the Go module cache, then through the module proxy.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const moduleDir = join(repoRoot, 'tools', 'ferretdb');
const binary = join(repoRoot, 'tools', 'bin', 'ferretdb');
const sources = ['main.go', 'go.mod', 'go.sum'].map((name) => join(moduleDir, name));

if (process.env.MONGODB_URI) {
  console.log('setup: MONGODB_URI is set, so FerretDB is not needed; nothing to do.');
  process.exit(0);
}

const version = ferretDbVersion();
if (isUpToDate()) {
  console.log(`setup: FerretDB ${version} is up to date (tools/bin/ferretdb).`);
  process.exit(0);
}

const go = findGo();
if (!go) {
  if (existsSync(binary)) {
    console.warn(
      'setup: tools/bin/ferretdb is older than tools/ferretdb, but Go is not installed; using it as it is.',
    );
    process.exit(0);
  }
  console.error('setup: FerretDB cannot be built: install Go 1.24+ or set MONGODB_URI.');
  process.exit(1);
}

build();

function ferretDbVersion() {
  const goMod = readFileSync(join(moduleDir, 'go.mod'), 'utf8');
  return /github\.com\/FerretDB\/FerretDB (v\S+)/.exec(goMod)?.[1]?.slice(1) ?? '(unknown)';
}

function isUpToDate() {
  if (!existsSync(binary)) return false;
  const built = statSync(binary).mtimeMs;
  return sources.every((file) => statSync(file).mtimeMs <= built);
}

/** @returns {string | undefined} the go command, when it is at least Go 1.24 */
function findGo() {
  for (const candidate of ['go', '/usr/local/go/bin/go']) {
    const result = spawnSync(candidate, ['env', 'GOVERSION'], { encoding: 'utf8' });
    if (result.status !== 0) continue;
    const [major = 0, minor = 0] = (/go(\d+)\.(\d+)/.exec(result.stdout) ?? [])
      .slice(1)
      .map(Number);
    if (major > 1 || (major === 1 && minor >= 24)) return candidate;
    console.error(
      `setup: ${result.stdout.trim()} is too old: install Go 1.24+ or set MONGODB_URI.`,
    );
    process.exit(1);
  }
  return undefined;
}

function build() {
  const started = Date.now();
  // Build next to the target and rename it into place, so a running FerretDB or a
  // concurrent set-up never sees a half-written binary.
  const partial = `${binary}.${process.pid}.partial`;
  mkdirSync(dirname(binary), { recursive: true });
  const goBuild = (extraEnv) =>
    spawnSync(go, ['build', '-buildvcs=false', '-trimpath', '-o', partial, './'], {
      cwd: moduleDir,
      encoding: 'utf8',
      env: { ...process.env, CGO_ENABLED: '0', ...extraEnv },
    });

  process.stdout.write(`setup: building FerretDB ${version} …`);
  let result = goBuild({ GOPROXY: 'off' });
  if (result.status !== 0) {
    process.stdout.write(' (modules not all in the Go module cache, downloading them) …');
    result = goBuild({});
  }
  if (result.status !== 0) {
    rmSync(partial, { force: true });
    console.log(' failed.');
    console.error(result.error?.message ?? result.stderr.trim());
    console.error('setup: go build failed in tools/ferretdb; see the output above.');
    process.exit(1);
  }
  renameSync(partial, binary);
  console.log(` done in ${Math.round((Date.now() - started) / 1000)}s.`);
}
