/**
 * Business rule tasks with `zeebe:calledDecision`: the element asks for its decision to
 * be evaluated (a record the server carries out with the deployed DMN) and completes with
 * the result as `resultVariable`, through the output mappings as a job's variables go.
 */
import { takeAllOutgoing, type Behavior } from './Behavior';
import { requestDecision } from '../engine/businessRules';

export const BusinessRuleTaskBehavior: Behavior = {
  waits: true,
  open: requestDecision,
  selectFlows: takeAllOutgoing,
};
