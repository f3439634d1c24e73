/** Configuration from the environment, validated at start. */
export interface Config {
  port: number;
  mongoUri: string | null;
  dataDir: string;
  demo: boolean;
  /** in demo mode, whether the demo clients are created on a database without clients */
  demoClients: boolean;
  adminPassword: string | null;
  commandThreads: number;
  commandTimeBudgetMs: number;
  stepBudget: number;
  maxJsonBytes: number;
  maxXmlBytes: number;
  defaultRequestTimeoutMs: number;
  maxRequestTimeoutMs: number;
  sweepIntervalMs: number;
  /** how long the built-in CRM worker holds a job before it returns to the pool */
  crmTaskLeaseMs: number;
  /** whether `PUT /v2/clock` may pin the shared clock (on in demo mode) */
  clockControl: boolean;
  /** how often the sweeper fires due timers and expires messages */
  eventSweepMs: number;
}

function int(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got '${raw}'`);
  }
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new Error(`${name} must be 'true' or 'false', got '${raw}'`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const mode = env.RELATA_MODE ?? 'demo';
  if (mode !== 'demo' && mode !== 'production')
    throw new Error(`RELATA_MODE must be 'demo' or 'production', got '${mode}'`);
  return {
    port: int(env, 'PORT', 8080, 0, 65535),
    mongoUri: env.MONGODB_URI || null,
    dataDir: env.RELATA_DATA_DIR || 'data',
    demo: mode === 'demo',
    demoClients: flag(env, 'RELATA_DEMO_CLIENTS', true),
    adminPassword: env.RELATA_ADMIN_PASSWORD || null,
    commandThreads: int(env, 'RELATA_COMMAND_THREADS', 1, 0, 16),
    commandTimeBudgetMs: int(env, 'RELATA_COMMAND_TIME_BUDGET_MS', 2_000, 50, 600_000),
    stepBudget: int(env, 'RELATA_STEP_BUDGET', 1_000, 1, 1_000_000),
    maxJsonBytes: int(env, 'RELATA_MAX_JSON_BYTES', 1_048_576, 1024, 64 * 1_048_576),
    maxXmlBytes: int(env, 'RELATA_MAX_XML_BYTES', 4 * 1_048_576, 1024, 64 * 1_048_576),
    defaultRequestTimeoutMs: int(env, 'RELATA_DEFAULT_REQUEST_TIMEOUT_MS', 10_000, 0, 3_600_000),
    maxRequestTimeoutMs: int(env, 'RELATA_MAX_REQUEST_TIMEOUT_MS', 60_000, 0, 3_600_000),
    sweepIntervalMs: int(env, 'RELATA_SWEEP_INTERVAL_MS', 5_000, 100, 3_600_000),
    crmTaskLeaseMs: int(env, 'RELATA_CRM_TASK_LEASE_MS', 30_000, 500, 3_600_000),
    clockControl: flag(env, 'RELATA_CLOCK_CONTROL', mode === 'demo'),
    eventSweepMs: int(env, 'RELATA_EVENT_SWEEP_MS', 500, 50, 60_000),
  };
}
