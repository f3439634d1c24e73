/**
 * Demo mode's data set: a dozen clients of every kind, segment and lifecycle stage, with a
 * few purchases, so the client pages and the example processes have something to show.
 *
 *   no clients yet? ──insert meta `demoClients` (E11000: another server has it)──▶
 *   ClientService.create × 12 ──▶ PurchaseService.create × n
 */
import type { ClientService } from '../crm/ClientService';
import type { PurchaseService } from '../crm/PurchaseService';
import type { CrmClock } from '../crm/crmTypes';
import { isDuplicateKey, type EngineCollections } from '../db/collections';

/** The marker whose insert claims the seeding: only one server process ever seeds. */
export const DEMO_CLIENTS_MARKER = 'demoClients';

const SEEDED_BY = { name: 'demo data' };

interface DemoPurchase {
  product: string;
  amount: number;
  currency: string;
  daysAgo: number;
}

interface DemoClient {
  client: Record<string, string>;
  purchases: DemoPurchase[];
}

export const DEMO_CLIENTS: readonly DemoClient[] = [
  {
    client: {
      name: 'Northwind Logistics GmbH',
      kind: 'company',
      segment: 'enterprise',
      region: 'DACH',
      industry: 'Logistics',
      lifecycleStage: 'loyalty',
      email: 'contact@northwind-logistics.example',
      phone: '+49 30 5550 1200',
      owner: 'staff',
    },
    purchases: [
      {
        product: 'Fleet tracking, annual licence',
        amount: 1_840_000,
        currency: 'EUR',
        daysAgo: 400,
      },
      {
        product: 'Fleet tracking, annual licence',
        amount: 1_920_000,
        currency: 'EUR',
        daysAgo: 35,
      },
    ],
  },
  {
    client: {
      name: 'Blue Harbor Hotels',
      kind: 'company',
      segment: 'vip',
      region: 'Southern Europe',
      industry: 'Hospitality',
      lifecycleStage: 'loyalty',
      email: 'procurement@blueharbor.example',
      phone: '+34 91 555 0147',
      owner: 'staff',
    },
    purchases: [
      { product: 'Guest messaging suite', amount: 2_450_000, currency: 'EUR', daysAgo: 210 },
    ],
  },
  {
    client: {
      name: 'Olena Kovalenko',
      kind: 'person',
      segment: 'vip',
      region: 'Ukraine',
      lifecycleStage: 'service',
      email: 'olena.kovalenko@mail.example',
      phone: '+380 44 555 0199',
      owner: 'staff',
    },
    purchases: [
      { product: 'Premium support plan', amount: 1_200_000, currency: 'UAH', daysAgo: 60 },
    ],
  },
  {
    client: {
      name: 'Dnipro Agro Holding',
      kind: 'company',
      segment: 'enterprise',
      region: 'Ukraine',
      industry: 'Agriculture',
      lifecycleStage: 'sale',
      email: 'office@dnipro-agro.example',
      phone: '+380 56 555 0310',
      owner: 'staff',
    },
    purchases: [
      { product: 'Field sensor network', amount: 86_000_000, currency: 'UAH', daysAgo: 12 },
    ],
  },
  {
    client: {
      name: 'Kyiv Coffee Roasters',
      kind: 'company',
      segment: 'smb',
      region: 'Ukraine',
      industry: 'Food and beverage',
      lifecycleStage: 'attraction',
      email: 'hello@kyivcoffee.example',
      phone: '+380 67 555 0123',
      owner: 'staff',
    },
    purchases: [],
  },
  {
    client: {
      name: 'Lumen Health Clinics',
      kind: 'company',
      segment: 'enterprise',
      region: 'Nordics',
      industry: 'Healthcare',
      lifecycleStage: 'retention',
      email: 'it@lumenhealth.example',
      phone: '+46 8 555 012 30',
      owner: 'admin',
    },
    purchases: [
      { product: 'Patient booking portal', amount: 42_000_000, currency: 'SEK', daysAgo: 380 },
    ],
  },
  {
    client: {
      name: 'Acme Tooling Ltd',
      kind: 'company',
      segment: 'smb',
      region: 'UK and Ireland',
      industry: 'Manufacturing',
      lifecycleStage: 'attraction',
      email: 'sales@acmetooling.example',
      phone: '+44 161 555 0178',
    },
    purchases: [],
  },
  {
    client: {
      name: 'Polar Software AB',
      kind: 'company',
      segment: 'smb',
      region: 'Nordics',
      industry: 'Software',
      lifecycleStage: 'service',
      email: 'support@polarsoftware.example',
      phone: '+46 31 555 0190',
      owner: 'staff',
    },
    purchases: [
      { product: 'Team licence, 25 seats', amount: 6_250_000, currency: 'SEK', daysAgo: 95 },
    ],
  },
  {
    client: {
      name: 'Greenfield Architects LLP',
      kind: 'company',
      segment: 'smb',
      region: 'UK and Ireland',
      industry: 'Professional services',
      lifecycleStage: 'identification',
      email: 'studio@greenfield-architects.example',
    },
    purchases: [],
  },
  {
    client: {
      name: 'Taras Shevchuk',
      kind: 'person',
      segment: 'vip',
      region: 'Ukraine',
      lifecycleStage: 'loyalty',
      email: 'taras.shevchuk@mail.example',
      phone: '+380 50 555 0142',
      owner: 'staff',
    },
    purchases: [
      { product: 'Premium support plan', amount: 1_200_000, currency: 'UAH', daysAgo: 300 },
    ],
  },
  {
    client: {
      name: 'Sofia Rossi',
      kind: 'person',
      segment: 'consumer',
      region: 'Southern Europe',
      lifecycleStage: 'attraction',
      email: 'sofia.rossi@mail.example',
      phone: '+39 02 5550 1834',
    },
    purchases: [],
  },
  {
    client: {
      name: 'Marek Nowak',
      kind: 'person',
      segment: 'consumer',
      region: 'Central Europe',
      lifecycleStage: 'identification',
      phone: '+48 22 555 0163',
    },
    purchases: [],
  },
];

const DAY_MS = 86_400_000;

/**
 * Creates the demo clients and their purchases through the CRM services, once: only when
 * the database has no clients at all (archived ones count), and only in the one server
 * process whose insert of the `demoClients` marker wins, so a restart or two servers
 * starting together never double them. Returns how many clients it created.
 *
 * @example
 * if (config.demo && config.demoClients) await seedDemoClients(c, crm.deps, clock);
 */
export async function seedDemoClients(
  c: Pick<EngineCollections, 'meta'>,
  crm: { clients: ClientService; purchases: PurchaseService },
  clock: CrmClock,
): Promise<number> {
  const existing = await crm.clients.search({ includeArchived: true, page: { limit: 1 } });
  if (existing.page.totalItems > 0) return 0;
  try {
    await c.meta.insertOne({
      _id: DEMO_CLIENTS_MARKER,
      claimedAt: new Date(clock.now()).toISOString(),
    });
  } catch (error) {
    if (isDuplicateKey(error)) return 0;
    throw error;
  }
  for (const { client, purchases } of DEMO_CLIENTS) {
    const created = await crm.clients.create(client, SEEDED_BY);
    for (const { daysAgo, ...purchase } of purchases) {
      const date = new Date(clock.now() - daysAgo * DAY_MS).toISOString().slice(0, 10);
      await crm.purchases.create(created.id, { ...purchase, date }, SEEDED_BY.name);
    }
  }
  return DEMO_CLIENTS.length;
}
