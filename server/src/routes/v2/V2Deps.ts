import type { EngineCollections } from '../../db/collections';
import type { EngineService } from '../../engine/EngineService';
import type { JobService } from '../../engine/JobService';
import type { SharedClock } from '../../engine/SharedClock';
import type { DefinitionRepository } from '../../storage/DefinitionRepository';
import type { DeploymentLog } from '../../storage/DeploymentLog';

export interface V2Deps {
  c: EngineCollections;
  engine: EngineService;
  jobs: JobService;
  definitions: DefinitionRepository;
  deployments: DeploymentLog;
  clock: SharedClock;
  limits: { maxXmlBytes: number; defaultRequestTimeoutMs: number; maxRequestTimeoutMs: number };
}
