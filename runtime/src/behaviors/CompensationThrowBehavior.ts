/**
 * Compensation throw and end events: run the compensation handlers of the scope's
 * completed activities, last completed first, then go on (see `engine/compensation.ts`).
 */
import { takeAllOutgoing, type Behavior } from './Behavior';
import { openCompensationThrow } from '../engine/compensation';

export const CompensationThrowBehavior: Behavior = {
  waits: true,
  open: openCompensationThrow,
  selectFlows: takeAllOutgoing,
};
