/**
 * Composition root of `npm start`: validate the configuration, start FerretDB on
 * SQLite under ./data unless MONGODB_URI is set, start the server, print the banner.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from './config';
import { startFerretDb } from './db/FerretDbProcess';
import { startServer } from './startServer';

/** The FerretDB release tools/ferretdb/go.mod pins. */
const FERRETDB_VERSION = '1.24.2';

async function main() {
  const config = loadConfig();
  let mongoUri = config.mongoUri;
  let database = mongoUri ? `MongoDB at ${redact(mongoUri)}` : '';
  let stopDatabase: (() => Promise<void>) | null = null;
  if (!mongoUri) {
    const dataDir = path.resolve(config.dataDir);
    await mkdir(path.join(dataDir, 'sqlite'), { recursive: true });
    const ferret = await startFerretDb({
      handler: 'sqlite',
      sqliteDir: path.join(dataDir, 'sqlite'),
      pidFile: path.join(dataDir, 'ferretdb.pid'),
      logFile: path.join(dataDir, 'ferretdb.log'),
    });
    // If this process ends without the orderly shutdown below, its FerretDB goes too.
    process.once('exit', () => {
      try {
        process.kill(ferret.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    });
    stopDatabase = () => ferret.stop();
    mongoUri = `${ferret.uri.replace(/\/?$/, '/')}relata`;
    database = `FerretDB ${FERRETDB_VERSION} on SQLite in ${path.join(dataDir, 'sqlite')} (${ferret.uri})`;
  }
  const server = await startServer(config, mongoUri);
  installFaultInjection(server);
  const lines = [
    '',
    `  Relata is running at ${server.url.replace(String(server.port), String(server.port))}`,
    `  Orchestration API:  ${server.url}/v2`,
    `  Database:           ${database}`,
    config.demo ? '  Demo mode: on (RELATA_MODE=production turns it off)' : '  Demo mode: off',
  ];
  if (!config.demo && !config.adminPassword && (await server.countUsers()) === 0) {
    lines.push(
      '  No users yet: start once with RELATA_ADMIN_PASSWORD=<password> to create the user admin.',
    );
  }
  if (server.demoCredentials.length) {
    lines.push('  Demo users:');
    for (const credential of server.demoCredentials) {
      lines.push(
        `    ${credential.kind === 'client' ? 'API client' : 'user'.padEnd(10)} ${credential.name} / ${credential.secret}  (${credential.roles.join(', ')})`,
      );
    }
  }
  console.log(lines.join('\n') + '\n');

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await server.close().catch(() => undefined);
    if (stopDatabase) await stopDatabase().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

/**
 * Fault injection for the crash tests: with RELATA_FAULT_KILL_BEFORE_PROJECTION=n the
 * process kills itself (SIGKILL) right after its n-th commit, before projecting it; with
 * RELATA_FAULT_KILL_AFTER_CRM_EFFECT=<job type> right after the CRM worker's side effect
 * of that type, before the job is completed.
 */
function installFaultInjection(server: Awaited<ReturnType<typeof startServer>>) {
  const raw = process.env.RELATA_FAULT_KILL_BEFORE_PROJECTION;
  if (raw) {
    let remaining = Number(raw);
    server.engine.beforeProjection = async () => {
      if (--remaining <= 0) process.kill(process.pid, 'SIGKILL');
    };
  }
  const effect = process.env.RELATA_FAULT_KILL_AFTER_CRM_EFFECT;
  if (effect) {
    server.crmTasks.afterSideEffect = (task) => {
      if (task.type === effect) process.kill(process.pid, 'SIGKILL');
    };
  }
}

function redact(uri: string) {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}

main().catch((error) => {
  console.error(
    `Relata could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
