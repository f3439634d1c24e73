/** Behaviours by name: compiled elements refer to them as data (`behavior`). */
import type { BehaviorName } from '../model/CompiledDefinition';
import type { Behavior } from './Behavior';
import { ExclusiveGatewayBehavior } from './ExclusiveGatewayBehavior';
import { InclusiveGatewayBehavior } from './InclusiveGatewayBehavior';
import { JobWorkerBehavior } from './JobWorkerBehavior';
import { ParallelGatewayBehavior } from './ParallelGatewayBehavior';
import { PassThroughBehavior } from './PassThroughBehavior';
import { ProcessBehavior } from './ProcessBehavior';
import { UserTaskBehavior } from './UserTaskBehavior';
import { CatchEventBehavior } from './CatchEventBehavior';
import { EventBasedGatewayBehavior } from './EventBasedGatewayBehavior';
import { SignalThrowBehavior } from './SignalThrowBehavior';
import { SubProcessBehavior } from './SubProcessBehavior';
import { ErrorThrowBehavior } from './ErrorThrowBehavior';
import { EscalationThrowBehavior } from './EscalationThrowBehavior';
import { TerminateEndBehavior } from './TerminateEndBehavior';
import { LinkThrowBehavior } from './LinkThrowBehavior';
import { MultiInstanceBodyBehavior } from './MultiInstanceBodyBehavior';
import { CallActivityBehavior } from './CallActivityBehavior';
import { CompensationThrowBehavior } from './CompensationThrowBehavior';
import { ScriptTaskBehavior } from './ScriptTaskBehavior';
import { BusinessRuleTaskBehavior } from './BusinessRuleTaskBehavior';

export const behaviors: Record<BehaviorName, Behavior> = {
  process: ProcessBehavior,
  passThrough: PassThroughBehavior,
  jobWorker: JobWorkerBehavior,
  userTask: UserTaskBehavior,
  exclusiveGateway: ExclusiveGatewayBehavior,
  parallelGateway: ParallelGatewayBehavior,
  inclusiveGateway: InclusiveGatewayBehavior,
  eventBasedGateway: EventBasedGatewayBehavior,
  catchEvent: CatchEventBehavior,
  // A boundary event is entered when its trigger fires; then it only passes through.
  boundaryEvent: PassThroughBehavior,
  signalThrow: SignalThrowBehavior,
  subProcess: SubProcessBehavior,
  errorThrow: ErrorThrowBehavior,
  escalationThrow: EscalationThrowBehavior,
  terminateEnd: TerminateEndBehavior,
  linkThrow: LinkThrowBehavior,
  multiInstanceBody: MultiInstanceBodyBehavior,
  callActivity: CallActivityBehavior,
  compensationThrow: CompensationThrowBehavior,
  script: ScriptTaskBehavior,
  businessRule: BusinessRuleTaskBehavior,
};

export type { Behavior };
