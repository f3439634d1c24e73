/**
 * The body of a multi-instance activity: it waits for its inner instances (see
 * `engine/multiInstance.ts`), owns the activity's boundary events and takes its flows.
 */
import { takeAllOutgoing, type Behavior } from './Behavior';
import { closeBody, openBody } from '../engine/multiInstance';
import { terminateInside } from '../engine/scopes';

export const MultiInstanceBodyBehavior: Behavior = {
  waits: true,
  open: openBody,
  close: closeBody,
  cancel(exec, instance) {
    terminateInside(exec, instance.key);
  },
  selectFlows: takeAllOutgoing,
};
