/**
 * Wires one server process onto a database: collections, keys, engine, jobs, app.
 * `main.ts` (and the integration tests) call it; it never chooses the database itself.
 */
import type { Server } from 'node:http';
import { MongoClient } from 'mongodb';
import { MongoUserRepository } from './auth/UserRepository';
import { sessionsFor } from './auth/sessions/sessionsFor';
import { ensureFirstAdmin, seedDemoUsers, type DemoCredential } from './auth/seedDemo';
import type { Config } from './config';
import { createApp } from './createApp';
import { openCrm } from './crm/openCrm';
import { engineCollections, ensureIndexes } from './db/collections';
import { CommandRunner } from './engine/CommandRunner';
import { boundInstancesOf } from './engine/boundInstances';
import { CallActivityService } from './engine/CallActivityService';
import { EngineService } from './engine/EngineService';
import { JobService } from './engine/JobService';
import { SharedClock } from './engine/SharedClock';
import { ResourceDeletionService } from './deployment/ResourceDeletionService';
import { DecisionRunner } from './engine/DecisionRunner';
import { DecisionService, evaluateInline } from './engine/DecisionService';
import { BusinessRuleService } from './engine/BusinessRuleService';
import { DecisionRepository } from './storage/DecisionRepository';
import { DefinitionRepository } from './storage/DefinitionRepository';
import { DeploymentLog } from './storage/DeploymentLog';
import { FormRepository } from './storage/FormRepository';
import { KeyAllocator } from './storage/KeyAllocator';
import { deployExamples } from './demo/deployExamples';
import { seedDemoClients } from './demo/seedClients';
import { CrmTaskWorker } from './crmTasks/CrmTaskWorker';
import { CRM_TASK_TYPES } from './crmTasks/registry';
import { EventSweeper } from './events/EventSweeper';
import { MessageService } from './events/MessageService';
import { SignalService } from './events/SignalService';
import { StartEventRegistry } from './events/StartEventRegistry';
import { TimerService } from './events/TimerService';

/** Back-off before the CRM worker retries a job that failed for an unexpected reason. */
const CRM_RETRY_BACK_OFF_MS = 10_000;

export interface RunningServer {
  url: string;
  port: number;
  engine: EngineService;
  sweeper: EventSweeper;
  crmTasks: CrmTaskWorker;
  demoCredentials: DemoCredential[];
  countUsers(): Promise<number>;
  close(): Promise<void>;
}

export async function startServer(config: Config, mongoUri: string): Promise<RunningServer> {
  // The engine speaks the driver directly (its rows are plain documents); mongoose models
  // the client data of the CRM and shares the same database.
  const connection = await MongoClient.connect(mongoUri, { serverSelectionTimeoutMS: 10_000 });
  const db = connection.db();
  const c = engineCollections(db);
  await ensureIndexes(c);
  const users = await MongoUserRepository.open(db);
  const sessions = await sessionsFor(db, users);
  const clock = new SharedClock(c);
  await clock.start();
  const keys = new KeyAllocator(c);
  const definitions = new DefinitionRepository(c);
  const forms = new FormRepository(c);
  const decisions = new DecisionRepository(c);
  // REST evaluations get a thread and a time budget as commands do (D6); none when commands run inline.
  const decisionRunner =
    config.commandThreads > 0 ? new DecisionRunner(config.commandTimeBudgetMs) : null;
  const deployments = new DeploymentLog(c, definitions, keys, forms, decisions);
  const runner = new CommandRunner({
    threads: config.commandThreads,
    timeBudgetMs: config.commandTimeBudgetMs,
    stepBudget: config.stepBudget,
  });
  const engine = new EngineService(c, definitions, keys, runner, clock);
  const jobs = new JobService(c, engine, clock);
  const messages = new MessageService(c, engine, definitions, keys, clock);
  const signals = new SignalService(c, engine, definitions, keys);
  const timers = new TimerService(c, engine, definitions, keys, clock);
  new CallActivityService(c, engine, definitions, keys);
  new BusinessRuleService(
    engine,
    definitions,
    decisions,
    decisionRunner?.evaluate ?? evaluateInline,
    clock,
  );
  const startEvents = new StartEventRegistry(c, definitions, clock);
  deployments.onLatestVersion = (key) => startEvents.activate(key);
  const resourceDeletions = new ResourceDeletionService(
    c,
    definitions,
    forms,
    decisions,
    startEvents,
    clock,
  );
  await deployments.catchUp();
  const crm = await openCrm(mongoUri, { keys, clock, instances: boundInstancesOf(c) });
  engine.useClients(crm.deps.clients);
  crm.deps.purchases.publish = (message) => messages.publish(message);

  let demoCredentials: DemoCredential[] = [];
  if (config.demo) {
    demoCredentials = await seedDemoUsers(users);
    await deployExamples(deployments, definitions, clock);
    if (config.demoClients) await seedDemoClients(c, crm.deps, clock);
  } else if (config.adminPassword) {
    await ensureFirstAdmin(users, config.adminPassword);
  }

  const app = createApp({
    c,
    engine,
    jobs,
    definitions,
    deployments,
    resourceDeletions,
    forms,
    decisions,
    decisionService: new DecisionService(decisions, keys, clock, decisionRunner?.evaluate),
    clock,
    messages,
    signals,
    clockControl: config.clockControl,
    users,
    sessions,
    maxJsonBytes: config.maxJsonBytes,
    crm: crm.deps,
    limits: {
      maxXmlBytes: config.maxXmlBytes,
      defaultRequestTimeoutMs: config.defaultRequestTimeoutMs,
      maxRequestTimeoutMs: config.maxRequestTimeoutMs,
    },
  });
  const crmTasks = new CrmTaskWorker(
    CRM_TASK_TYPES,
    { jobs, engine, definitions, c, crm: crm.deps },
    { leaseMs: config.crmTaskLeaseMs, retryBackOffMs: CRM_RETRY_BACK_OFF_MS },
  );
  crmTasks.start();

  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(config.port, () => resolve(listening));
  });
  server.requestTimeout = 0;
  server.headersTimeout = 65_000;
  const port = (server.address() as { port: number }).port;

  // The clock-driven sweeper: timers, leases, message expiry, and the recovery of D3.
  const sweeper = new EventSweeper(
    {
      c,
      engine,
      clock,
      timers,
      messages,
      signals,
      recoveries: [() => crm.deps.purchases.announcePending(), () => resourceDeletions.recover()],
    },
    config.eventSweepMs,
    Math.max(1, Math.round(config.sweepIntervalMs / config.eventSweepMs)),
  );
  sweeper.start();
  sessions.sweep.start();

  return {
    url: `http://localhost:${port}`,
    port,
    engine,
    sweeper,
    crmTasks,
    demoCredentials,
    countUsers: () => users.countUsers(),
    async close() {
      await sweeper.stop();
      await crmTasks.stop();
      await sessions.sweep.stop();
      clock.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runner.close();
      await decisionRunner?.close();
      await crm.close();
      await connection.close();
    },
  };
}
