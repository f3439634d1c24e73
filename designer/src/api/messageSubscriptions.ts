/** What one process instance waits for: `POST /v2/message-subscriptions/search`. */
import { searchAll } from './searchAll';

export type MessageSubscriptionState = 'CREATED' | 'CORRELATED' | 'DELETED' | 'MIGRATED';

/** A message subscription in Camunda's 8.9 shape (the fields the app reads). */
export interface MessageSubscription {
  messageSubscriptionKey: string;
  processInstanceKey: string;
  elementId: string;
  elementInstanceKey: string;
  /** CREATED while the element waits; CORRELATED once a message arrived; DELETED when withdrawn. */
  messageSubscriptionState: MessageSubscriptionState;
  messageName: string;
  correlationKey: string | null;
  lastUpdatedDate: string;
}

/**
 * Every message subscription of the process instance, most recently updated first.
 *
 * @example
 * const subscriptions = await messageSubscriptionsOf(processInstanceKey);
 */
export function messageSubscriptionsOf(processInstanceKey: string): Promise<MessageSubscription[]> {
  return searchAll<MessageSubscription>('/v2/message-subscriptions/search', {
    filter: { processInstanceKey },
    sort: [{ field: 'lastUpdatedDate', order: 'DESC' }],
  });
}
