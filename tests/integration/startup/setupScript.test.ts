// scripts/setup.mjs, which `npm start` and `npm test` run first (DESIGN.md D3).
//
// Not covered here: "neither Go nor MONGODB_URI". The script looks for tools/bin/ferretdb
// next to itself (no variable moves it) and falls back to /usr/local/go/bin/go when `go`
// is not on PATH, so that case cannot be set up without removing the built binary or Go.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../support/testServer';

describe('scripts/setup.mjs', () => {
  it('does nothing when MONGODB_URI is set', () => {
    // when
    const result = spawnSync(process.execPath, ['scripts/setup.mjs'], {
      cwd: REPO,
      env: { ...process.env, MONGODB_URI: 'mongodb://db.invalid:27017/relata' },
      encoding: 'utf8',
      timeout: 30_000,
    });

    // then
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('MONGODB_URI is set, so FerretDB is not needed');
  });
});
