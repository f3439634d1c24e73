/** None events, manual and undefined tasks: enter, leave through every outgoing flow. */
import { takeAllOutgoing, type Behavior } from './Behavior';

export const PassThroughBehavior: Behavior = {
  waits: false,
  selectFlows: takeAllOutgoing,
};
