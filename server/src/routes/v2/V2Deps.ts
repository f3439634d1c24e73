import type { EngineCollections } from '../../db/collections';
import type { EngineService } from '../../engine/EngineService';
import type { ResourceDeletionService } from '../../deployment/ResourceDeletionService';
import type { JobService } from '../../engine/JobService';
import type { SharedClock } from '../../engine/SharedClock';
import type { DecisionService } from '../../engine/DecisionService';
import type { DecisionRepository } from '../../storage/DecisionRepository';
import type { DefinitionRepository } from '../../storage/DefinitionRepository';
import type { DeploymentLog } from '../../storage/DeploymentLog';
import type { FormRepository } from '../../storage/FormRepository';
import type { MessageService } from '../../events/MessageService';
import type { SignalService } from '../../events/SignalService';

export interface V2Deps {
  c: EngineCollections;
  engine: EngineService;
  jobs: JobService;
  definitions: DefinitionRepository;
  deployments: DeploymentLog;
  resourceDeletions: ResourceDeletionService;
  forms: FormRepository;
  decisions: DecisionRepository;
  decisionService: DecisionService;
  clock: SharedClock;
  messages: MessageService;
  signals: SignalService;
  /** whether `PUT /v2/clock` may pin the clock (demo mode, tests, RELATA_CLOCK_CONTROL) */
  clockControl: boolean;
  limits: { maxXmlBytes: number; defaultRequestTimeoutMs: number; maxRequestTimeoutMs: number };
}
