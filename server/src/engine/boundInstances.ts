/**
 * The process instances bound to a client, from the instance projection (indexed by
 * `clientId`), for the client card: running ones first, then the newest.
 */
import type { EngineCollections } from '../db/collections';
import type { BoundInstanceResource, BoundInstances } from '../crm/crmRoutes';

/**
 * @example
 * const items = await boundInstancesOf(c).boundTo('4503599627370497', 50);
 */
export function boundInstancesOf(c: EngineCollections): BoundInstances {
  return {
    async boundTo(clientId, limit) {
      const rows = await c.instances
        .find({ clientId })
        .sort({ startDate: -1, _id: -1 })
        .limit(limit)
        .toArray();
      const items: BoundInstanceResource[] = rows.map((row) => ({
        processInstanceKey: String(row._id),
        processDefinitionId: String(row.processDefinitionId),
        processDefinitionName: (row.processDefinitionName as string | null) ?? null,
        processDefinitionVersion: Number(row.processDefinitionVersion),
        state: String(row.state),
        startDate: String(row.startDate),
        endDate: (row.endDate as string | null) ?? null,
        hasIncident: row.hasIncident === true,
      }));
      const active = (item: BoundInstanceResource) => (item.state === 'ACTIVE' ? 0 : 1);
      return items.sort((a, b) => active(a) - active(b));
    },
  };
}
