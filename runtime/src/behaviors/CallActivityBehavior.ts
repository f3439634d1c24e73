/**
 * Call activities: the element asks for an instance of the called process (a record the
 * server carries out) and waits until that instance completes or throws; ending early
 * (a boundary event, a cancel) asks the server to cancel the called instance.
 */
import { takeAllOutgoing, type Behavior } from './Behavior';
import { requestCall } from '../engine/callActivities';

export const CallActivityBehavior: Behavior = {
  waits: true,
  open: requestCall,
  cancel(exec, instance) {
    exec.records.push({
      kind: 'callActivityTerminated',
      elementInstanceKey: instance.key,
      attempts: instance.callAttempt ?? 0,
    });
  },
  selectFlows: takeAllOutgoing,
};
