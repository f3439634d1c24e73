/**
 * Wires the CRM onto a database: its mongoose connection, repository and services.
 * `startServer.ts` calls it and hands `deps` to `createApp`.
 */
import { ClientRepository } from './ClientRepository';
import { ClientService } from './ClientService';
import { openCrmStore } from './CrmStore';
import type { BoundInstances, CrmDeps } from './crmRoutes';
import type { CrmClock, CrmKeys } from './crmTypes';
import { CustomFieldService } from './CustomFieldService';
import { InteractionService } from './InteractionService';
import { PurchaseService } from './PurchaseService';

export interface Crm {
  deps: CrmDeps;
  close(): Promise<void>;
}

/**
 * @example
 * const crm = await openCrm(mongoUri, { keys, clock, instances });
 * app.use('/api', crmRoutes(crm.deps));
 */
export async function openCrm(
  mongoUri: string,
  services: { keys: CrmKeys; clock: CrmClock; instances: BoundInstances },
): Promise<Crm> {
  const { keys, clock, instances } = services;
  const store = await openCrmStore(mongoUri);
  const customFields = new CustomFieldService(store, clock);
  const clients = new ClientService(new ClientRepository(store), customFields, keys, clock);
  const purchases = new PurchaseService(store, clients, keys, clock);
  const interactions = new InteractionService(store, clients, keys, clock);
  return {
    deps: { clients, customFields, purchases, interactions, instances },
    close: () => store.close(),
  };
}
