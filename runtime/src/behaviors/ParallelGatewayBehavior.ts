/**
 * Parallel gateway: forks into every outgoing flow. Joining is token flow — the
 * gateway is only activated once a token waits on each incoming flow (tokenFlow.ts).
 */
import { takeAllOutgoing, type Behavior } from './Behavior';

export const ParallelGatewayBehavior: Behavior = {
  waits: false,
  selectFlows: takeAllOutgoing,
};
