/** What the benchmark ran on: machine, Node, library and database versions. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../', import.meta.url));

export interface BenchEnvironment {
  node: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  xstate: string;
  feelin: string;
  bpmnEngine: string;
  mongodbDriver: string;
  ferretDb: string;
  sqlite: string;
  postgres: string | null;
}

export function describeEnvironment(postgresUrl: string | null): BenchEnvironment {
  const goSum = readText('tools/ferretdb/go.sum');
  return {
    node: process.version,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    xstate: packageVersion('xstate'),
    feelin: packageVersion('feelin'),
    bpmnEngine: packageVersion('bpmn-engine'),
    mongodbDriver: packageVersion('mongodb'),
    ferretDb:
      /github\.com\/FerretDB\/FerretDB (v\S+)/.exec(readText('tools/ferretdb/go.mod'))?.[1] ??
      'unknown',
    sqlite: `modernc.org/sqlite ${/modernc\.org\/sqlite (v[^\s/]+) /.exec(goSum)?.[1] ?? '?'}`,
    postgres: postgresUrl ? postgresVersion(postgresUrl) : null,
  };
}

function packageVersion(name: string): string {
  const manifest = JSON.parse(readText(`node_modules/${name}/package.json`)) as {
    version?: string;
  };
  return manifest.version ?? 'unknown';
}

function readText(path: string): string {
  try {
    return readFileSync(new URL(path, `file://${REPO}`), 'utf8');
  } catch {
    return '';
  }
}

function postgresVersion(postgresUrl: string): string {
  const url = new URL(postgresUrl);
  url.pathname = '/postgres';
  const result = spawnSync('psql', ['-X', '-tA', '-d', url.href, '-c', 'SHOW server_version'], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  const version = result.status === 0 ? result.stdout.trim().split(' ')[0] : '';
  return version ? `PostgreSQL ${version}` : 'PostgreSQL (version unknown)';
}
