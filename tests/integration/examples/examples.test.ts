/**
 * The example processes of `examples/` as demo mode deploys them, run to the end by people
 * only: staff and supervisors claim and complete their tasks over `/v2` with HTTP Basic,
 * the server's own worker runs the `crm.*` tasks, and the client record and its
 * interactions under `/api` show what the process did. Their events are driven through the
 * API as well: messages by `POST /v2/messages/publication`, timers by pinning the shared
 * clock with `PUT /v2/clock`.
 *
 * A test that pins the clock starts its instance at an instant of its own, years ahead and
 * months apart from the others, so a timer one test leaves armed never fires in another.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshDbName } from '../../support/backends';
import { databaseUri, startTestServer, type TestServer } from '../../support/testServer';
import {
  elementInstances,
  expectStatus,
  searchAll,
  variable,
  waitFor,
  waitForState,
  waitForUserTask,
} from '../concurrency/helpers';
import { CrmApi } from '../crm/crmTestKit';

const sqlite = backends()[0]!;

/** Who works each group's tasks: `staff` is in sales and service, `admin` in supervisors. */
const WORKER: Record<string, string> = { sales: 'staff', service: 'staff', supervisors: 'admin' };

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

/** A user task as the search finds it: enough to work it. */
interface OpenTask {
  userTaskKey: string;
  elementInstanceKey: string;
}

interface Interaction {
  kind: string;
  summary: string;
  at: string;
  elementId: string | null;
}

describe('the example processes', () => {
  let server: TestServer;
  let crm: CrmApi;

  beforeAll(async () => {
    server = await startTestServer(databaseUri(sqlite.uri, freshDbName('examples')));
    crm = new CrmApi(server.url);
  });
  afterEach(async () => {
    expectStatus(await server.api.post('/clock/reset'), 204, 'reset the clock');
  });
  afterAll(() => server?.close());

  /** Pins the shared clock as demo/demo, the admin. */
  const pin = async (timestamp: number) =>
    expectStatus(await server.api.request('PUT', '/clock', { timestamp }), 204, 'pin the clock');

  /** Pins the clock and waits for a full sweep on it: whatever is due has fired after this. */
  const pinAndSweep = async (timestamp: number) => {
    await pin(timestamp);
    await server.sweeper.sweepNow();
  };

  const createClient = (body: Record<string, unknown>) => crm.createClient(body);

  const start = async (processDefinitionId: string, clientId: string) => {
    const response = await server.api
      .as('staff')
      .post('/process-instances', { processDefinitionId, variables: { clientId } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.processInstanceKey as string;
  };

  /**
   * Works one user task as a person would: it must be offered to `group`, the group's
   * worker finds it in their inbox, claims it, reads the form (the task's input-mapped
   * variables) and completes it with what they typed. Returns the task and its form as
   * they were shown. `open` picks the task when the element has several open at once (a
   * multi-instance task); otherwise it is the element's one open task.
   */
  const work = async (
    key: string,
    elementId: string,
    group: string,
    entered: Record<string, unknown>,
    open?: OpenTask,
  ): Promise<{ task: Record<string, unknown>; form: Record<string, unknown> }> => {
    const user = WORKER[group]!;
    const api = server.api.as(user);
    const found = open ?? (await waitForUserTask(api, key, elementId));
    const task = (await api.get(`/user-tasks/${found.userTaskKey}`)).body;
    expect(task.candidateGroups, elementId).toEqual([group]);
    if (group === 'supervisors') {
      const seenByStaff = await server.api.as('staff').post('/user-tasks/search', {
        filter: { processInstanceKey: key, elementId },
      });
      expect(seenByStaff.body.items, `${elementId} in the staff inbox`).toEqual([]);
    }
    const claimed = await api.post(`/user-tasks/${found.userTaskKey}/assignment`, {
      assignee: user,
    });
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(204);
    const fields = await api.post(`/user-tasks/${found.userTaskKey}/variables/search`, {
      filter: { scopeKey: found.elementInstanceKey },
    });
    const form = Object.fromEntries(
      fields.body.items.map((item: { name: string; value: string }) => [
        item.name,
        JSON.parse(item.value),
      ]),
    );
    const completed = await api.post(`/user-tasks/${found.userTaskKey}/completion`, {
      variables: entered,
    });
    expect(completed.status, JSON.stringify(completed.body)).toBe(204);
    return { task, form };
  };

  /** How often each element ran, and the end events reached (a subprocess's too), in order. */
  const pathOf = async (key: string) => {
    const rows = await elementInstances(server.api, key);
    const runs: Record<string, number> = {};
    for (const row of rows) runs[row.elementId] = (runs[row.elementId] ?? 0) + 1;
    const ends = rows.filter((row) => row.type === 'END_EVENT').map((row) => row.elementId);
    return { runs, ends };
  };

  /** The instance's user tasks of one element, in any state. */
  const userTasksOf = (key: string, elementId: string) =>
    searchAll<OpenTask & { state: string }>(server.api, '/user-tasks/search', {
      processInstanceKey: key,
      elementId,
    });

  /** The open subscription of the instance for a message, once it is there. */
  const waitForSubscription = (key: string, messageName: string) =>
    waitFor(async () => {
      const open = await searchAll<{ correlationKey: string; elementId: string }>(
        server.api,
        '/message-subscriptions/search',
        { processInstanceKey: key, messageName, messageSubscriptionState: 'CREATED' },
      );
      return open[0];
    }, `the subscription of ${key} for ${messageName}`);

  const publish = async (body: Record<string, unknown>) => {
    const response = await server.api.post('/messages/publication', body);
    expectStatus(response, 200, `publish ${String(body.name)}`);
    return response.body as { messageKey: string };
  };

  /** The local variables of one scope of the instance (an element instance), by name. */
  const localVariables = async (key: string, scopeKey: string) =>
    Object.fromEntries(
      (
        await searchAll<{ name: string; value: string }>(server.api, '/variables/search', {
          processInstanceKey: key,
          scopeKey,
        })
      ).map((row) => [row.name, JSON.parse(row.value) as unknown]),
    );

  /** A variable of the process scope itself (tasks and events keep local copies of their own). */
  const processVariable = async (key: string, name: string) => {
    const [row, ...more] = await searchAll<{ value: string }>(server.api, '/variables/search', {
      processInstanceKey: key,
      scopeKey: key,
      name,
    });
    expect(more, `${name} of ${key}`).toEqual([]);
    return row ? JSON.parse(row.value) : undefined;
  };

  const clientOf = async (id: string) => (await crm.get(`/clients/${id}`)).body;
  const stageOf = async (id: string) => (await clientOf(id)).lifecycleStage as string;

  /** The client's interactions, oldest first, as kind and summary. */
  const interactionsOf = async (id: string) => {
    const response = await crm.get<{ items: Interaction[] }>(`/clients/${id}/interactions`);
    expect(response.status).toBe(200);
    return [...response.body.items]
      .sort((a, b) => a.at.localeCompare(b.at))
      .map(({ kind, summary }) => [kind, summary]);
  };

  /** The interactions as a sorted set: under a pinned clock they all share one instant. */
  const unordered = (rows: string[][]) =>
    [...rows].sort((a, b) => a.join('\u0000').localeCompare(b.join('\u0000')));

  it('deploys both examples, startable by sales and by service', async () => {
    // when
    const definitions = await searchAll(server.api, '/process-definitions/search', {});

    // then
    const byId = Object.fromEntries(
      definitions.map((d: { processDefinitionId: string; startableByGroups: string[] }) => [
        d.processDefinitionId,
        d.startableByGroups,
      ]),
    );
    expect(byId).toEqual({ 'lead-to-loyalty': ['sales'], 'complaint-handling': ['service'] });
  });

  describe('lead to loyalty', () => {
    it('takes a lead through a refined offer, the sale and good feedback to loyalty', async () => {
      // given an SMB lead without an industry
      const client = await createClient({
        name: 'Kestrel Print Ltd',
        kind: 'company',
        segment: 'smb',
        region: 'UK and Ireland',
      });
      const key = await start('lead-to-loyalty', client.id);

      // when sales identifies and scores it
      const { form: collectForm } = await work(key, 'Task_CollectClientData', 'sales', {
        industry: 'Printing',
        region: 'UK and Ireland',
      });
      expect(await stageOf(client.id)).toBe('identification');
      expect((await work(key, 'Task_ScoreLead', 'sales', { leadScore: 72 })).form).toEqual({
        leadScore: 0,
      });
      // and makes an offer the client wants changed, then a refined one the client accepts
      const { form: firstOffer } = await work(key, 'Task_PrepareOffer', 'sales', {
        offer: 'Print fleet service',
        offerAmount: 4800,
      });
      expect(await stageOf(client.id)).toBe('attraction');
      const { form: contactForm } = await work(key, 'Task_ContactClient', 'sales', {
        wantsChanges: true,
        contactNote: 'Wants a two-year term',
      });
      const { form: refinedOffer } = await work(key, 'Task_PrepareOffer', 'sales', {
        offer: 'Print fleet service, two years',
        offerAmount: 9000,
      });
      await work(key, 'Task_ContactClient', 'sales', { offerAccepted: true });
      await work(key, 'Task_SignContract', 'sales', { contractNumber: 'C-2025-014' });
      // and the order is delivered while the invoice goes out
      await work(key, 'Task_IssueInvoice', 'sales', { invoiceNumber: 'INV-3301' });
      expect(await stageOf(client.id)).toBe('sale');
      await work(key, 'Task_DeliverOrder', 'service', { deliveryDate: '2025-06-02' });
      // and service asks for feedback, which is good, and no repeat purchase follows yet
      const { form: feedbackForm } = await work(key, 'Task_AskForFeedback', 'service', {
        satisfactionScore: 5,
        feedback: 'Smooth delivery',
      });
      expect(await stageOf(client.id)).toBe('service');
      await work(key, 'Task_OfferRepeatPurchase', 'sales', { repeatPurchase: false });

      // then the forms showed the client's data and fresh answers
      expect(collectForm).toEqual({
        industry: '',
        region: 'UK and Ireland',
        productsOfInterest: [],
      });
      expect(firstOffer).toEqual({ offer: '', offerAmount: 0 });
      expect(contactForm).toEqual({ offerAccepted: false, wantsChanges: false, contactNote: '' });
      expect(refinedOffer).toEqual({ offer: 'Print fleet service', offerAmount: 4800 });
      expect(feedbackForm).toEqual({ satisfactionScore: 0, feedback: '' });
      // and the instance went round the refine loop once and ended with a loyal client
      await waitForState(server.api, key, 'COMPLETED');
      const { runs, ends } = await pathOf(key);
      expect(ends).toEqual(['EndEvent_LoyalClient']);
      expect(runs).toMatchObject({
        Task_PrepareOffer: 2,
        Task_ContactClient: 2,
        Task_SetStageAttraction: 1,
        Task_DeliverOrder: 1,
        Task_IssueInvoice: 1,
        Task_SetStageLoyalty: 1,
      });
      expect(runs).not.toHaveProperty('Task_TakeRetentionAction');
      expect(await clientOf(client.id)).toMatchObject({
        lifecycleStage: 'loyalty',
        industry: 'Printing',
        segment: 'smb',
      });
      expect(await interactionsOf(client.id)).toEqual([
        ['offer', 'Offer: Print fleet service, amount 4800'],
        ['call', 'Offer to be refined: Wants a two-year term'],
        ['offer', 'Offer: Print fleet service, two years, amount 9000'],
        ['call', 'Offer accepted'],
        [
          'note',
          'Sold: Print fleet service, two years, contract C-2025-014, invoice INV-3301, delivered 2025-06-02',
        ],
        ['feedback', 'Satisfaction 5/5: Smooth delivery'],
      ]);
    });

    it('qualifies a VIP despite a low score, retains it after poor feedback and loops to a repeat offer', async () => {
      // given a VIP lead whose data is known
      const client = await createClient({
        name: 'Aurora Yachts SpA',
        kind: 'company',
        segment: 'vip',
        industry: 'Marine',
        region: 'Southern Europe',
      });
      const key = await start('lead-to-loyalty', client.id);

      // when it scores low, yet gets an offer, buys and is served
      const { form: collectForm } = await work(key, 'Task_CollectClientData', 'sales', {
        industry: 'Marine',
        region: 'Southern Europe',
      });
      await work(key, 'Task_ScoreLead', 'sales', { leadScore: 20 });
      await work(key, 'Task_PrepareOffer', 'sales', {
        offer: 'Charter booking platform',
        offerAmount: 25000,
      });
      await work(key, 'Task_ContactClient', 'sales', { offerAccepted: true });
      await work(key, 'Task_SignContract', 'sales', { contractNumber: 'C-77' });
      await work(key, 'Task_DeliverOrder', 'service', { deliveryDate: '2025-07-01' });
      await work(key, 'Task_IssueInvoice', 'sales', { invoiceNumber: 'INV-77' });
      // and gives poor feedback, so a supervisor takes a retention action that works
      await work(key, 'Task_AskForFeedback', 'service', {
        satisfactionScore: 2,
        feedback: 'Late delivery',
      });
      const { form: retentionForm } = await work(key, 'Task_TakeRetentionAction', 'supervisors', {
        retentionAction: 'Free upgrade for a year',
        clientRetained: true,
      });
      // and the loyal client is offered a repeat purchase, which goes back to a new offer
      await work(key, 'Task_OfferRepeatPurchase', 'sales', { repeatPurchase: true });
      const { form: repeatOffer } = await work(key, 'Task_PrepareOffer', 'sales', {
        offer: 'Second vessel licence',
        offerAmount: 18000,
      });
      expect(await stageOf(client.id)).toBe('attraction');
      await work(key, 'Task_ContactClient', 'sales', { contactNote: 'No budget this year' });

      // then
      expect(collectForm).toEqual({
        industry: 'Marine',
        region: 'Southern Europe',
        productsOfInterest: [],
      });
      expect(retentionForm).toEqual({ retentionAction: '', clientRetained: false });
      expect(repeatOffer).toEqual({ offer: 'Charter booking platform', offerAmount: 25000 });
      await waitForState(server.api, key, 'COMPLETED');
      const { runs, ends } = await pathOf(key);
      expect(ends).toEqual(['EndEvent_OfferDeclined']);
      expect(runs).toMatchObject({
        Task_SetStageIdentification: 1,
        Task_SetStageAttraction: 2,
        Task_PrepareOffer: 2,
        Task_SetStageRetention: 1,
        Task_TakeRetentionAction: 1,
        Task_SetStageLoyalty: 1,
        Task_OfferRepeatPurchase: 1,
      });
      expect(runs).not.toHaveProperty('Task_LogNotQualified');
      expect(await clientOf(client.id)).toMatchObject({
        lifecycleStage: 'attraction',
        segment: 'vip',
      });
      expect(await interactionsOf(client.id)).toEqual([
        ['offer', 'Offer: Charter booking platform, amount 25000'],
        ['call', 'Offer accepted'],
        [
          'note',
          'Sold: Charter booking platform, contract C-77, invoice INV-77, delivered 2025-07-01',
        ],
        ['feedback', 'Satisfaction 2/5: Late delivery'],
        ['call', 'Retention action: Free upgrade for a year, client retained'],
        ['offer', 'Offer: Second vessel licence, amount 18000'],
        ['call', 'Offer declined: No budget this year'],
      ]);
    });

    it('prepares its offer per product of interest with a multi-instance task', async () => {
      // given a qualified lead interested in two products
      const client = await createClient({
        name: 'Heron Office Supplies',
        kind: 'company',
        segment: 'smb',
      });
      const key = await start('lead-to-loyalty', client.id);
      await work(key, 'Task_CollectClientData', 'sales', {
        industry: 'Office supplies',
        region: 'Benelux',
        productsOfInterest: ['Toner', 'Printer service'],
      });
      await work(key, 'Task_ScoreLead', 'sales', { leadScore: 65 });

      // when sales finds an offer line task per product, all open at once
      const lineTasks = await waitFor(async () => {
        const open = (await userTasksOf(key, 'Task_PrepareOfferLine')).filter(
          (task) => task.state === 'CREATED',
        );
        return open.length === 2 ? open : undefined;
      }, 'an offer line task per product');
      const lines = await Promise.all(
        lineTasks.map(async (task) => ({
          task,
          local: await localVariables(key, task.elementInstanceKey),
        })),
      );
      // and prices the second product first
      lines.sort((a, b) => Number(b.local.loopCounter) - Number(a.local.loopCounter));
      const prices: Record<string, number> = { Toner: 1200, 'Printer service': 4200 };
      const forms: Record<string, unknown>[] = [];
      for (const { task, local } of lines) {
        const price = prices[String(local.product)];
        forms.push((await work(key, 'Task_PrepareOfferLine', 'sales', { price }, task)).form);
      }
      // and prepares the offer, which the client declines
      const { form: offerForm } = await work(key, 'Task_PrepareOffer', 'sales', {
        offer: 'Office print bundle',
        offerAmount: 5400,
      });
      await work(key, 'Task_ContactClient', 'sales', { contactNote: 'Too expensive' });

      // then each line task showed its product and position, and a price to fill in
      expect(forms).toEqual([
        { product: 'Printer service', loopCounter: 2, price: 0 },
        { product: 'Toner', loopCounter: 1, price: 0 },
      ]);
      expect(offerForm).toEqual({ offer: '', offerAmount: 0 });
      // and the lines were collected in the order of the products, not of their completion
      await waitForState(server.api, key, 'COMPLETED');
      expect(await processVariable(key, 'offerLines')).toEqual([
        { product: 'Toner', price: 1200 },
        { product: 'Printer service', price: 4200 },
      ]);
      expect(await processVariable(key, 'price')).toBeUndefined();
      const lineRows = (await elementInstances(server.api, key)).filter(
        (row) => row.elementId === 'Task_PrepareOfferLine',
      );
      expect(lineRows.map((row) => row.type).sort()).toEqual([
        'MULTI_INSTANCE_BODY',
        'USER_TASK',
        'USER_TASK',
      ]);
      const { ends } = await pathOf(key);
      expect(ends).toEqual(['EndEvent_OfferDeclined']);
      expect(await interactionsOf(client.id)).toEqual([
        ['offer', 'Offer: Office print bundle, amount 5400 (Toner 1200, Printer service 4200)'],
        ['call', 'Offer declined: Too expensive'],
      ]);
    });

    it('ends an ordinary lead that scores low in identification', async () => {
      // given
      const client = await createClient({ name: 'Marsh & Daughters', segment: 'consumer' });
      const key = await start('lead-to-loyalty', client.id);

      // when
      await work(key, 'Task_CollectClientData', 'sales', { industry: 'Retail', region: '' });
      await work(key, 'Task_ScoreLead', 'sales', { leadScore: 30 });

      // then
      await waitForState(server.api, key, 'COMPLETED');
      const { runs, ends } = await pathOf(key);
      expect(ends).toEqual(['EndEvent_LeadNotQualified']);
      expect(runs).not.toHaveProperty('Task_SetStageAttraction');
      expect(await clientOf(client.id)).toMatchObject({
        lifecycleStage: 'identification',
        industry: 'Retail',
        region: '',
      });
      expect(await interactionsOf(client.id)).toEqual([['note', 'Lead not qualified, score 30']]);
    });

    /** Sells to a new client and serves it well, up to the open repeat purchase offer. */
    const toRepeatOffer = async (name: string) => {
      const client = await createClient({ name, kind: 'company', segment: 'smb' });
      const key = await start('lead-to-loyalty', client.id);
      await work(key, 'Task_CollectClientData', 'sales', {
        industry: 'Printing',
        region: 'Nordics',
      });
      await work(key, 'Task_ScoreLead', 'sales', { leadScore: 80 });
      await work(key, 'Task_PrepareOffer', 'sales', {
        offer: 'Managed print service',
        offerAmount: 3600,
      });
      await work(key, 'Task_ContactClient', 'sales', { offerAccepted: true });
      await work(key, 'Task_SignContract', 'sales', { contractNumber: 'C-90' });
      await work(key, 'Task_DeliverOrder', 'service', {});
      await work(key, 'Task_IssueInvoice', 'sales', { invoiceNumber: 'INV-90' });
      await work(key, 'Task_AskForFeedback', 'service', { satisfactionScore: 4, feedback: '' });
      const offer = await waitForUserTask(server.api, key, 'Task_OfferRepeatPurchase');
      await waitForSubscription(key, 'purchase-recorded');
      return { client, key, offer };
    };

    it('takes a loyal client who buys nothing within 90 days of the repeat offer to a retention action', async () => {
      // given a loyal client with an open repeat purchase offer since T
      const T = Date.UTC(2032, 0, 5, 9);
      await pin(T);
      const { client, key, offer } = await toRepeatOffer('Fjord Paper AS');
      expect(await stageOf(client.id)).toBe('loyalty');

      // when 90 days pass without a purchase
      await pin(T + 90 * DAY + MINUTE);

      // then the churn check takes the client to a supervisor's retention action
      const { form: retentionForm } = await work(key, 'Task_TakeRetentionAction', 'supervisors', {
        retentionAction: 'Call with a loyalty discount',
        clientRetained: false,
      });
      expect(retentionForm).toEqual({ retentionAction: '', clientRetained: false });
      await waitForState(server.api, key, 'COMPLETED');
      const { runs, ends } = await pathOf(key);
      expect(ends).toEqual(['EndEvent_ClientLost']);
      expect(runs).toMatchObject({ Event_NoPurchase: 1, Task_LogChurnRisk: 1 });
      expect(runs).not.toHaveProperty('Event_PurchaseRecorded');
      expect(await userTasksOf(key, 'Task_OfferRepeatPurchase')).toEqual([
        expect.objectContaining({ userTaskKey: offer.userTaskKey, state: 'CANCELED' }),
      ]);
      expect(await stageOf(client.id)).toBe('retention');
      expect(unordered(await interactionsOf(client.id))).toEqual(
        unordered([
          ['offer', 'Offer: Managed print service, amount 3600'],
          ['call', 'Offer accepted'],
          [
            'note',
            `Sold: Managed print service, contract C-90, invoice INV-90, delivered ${new Date(T).toISOString().slice(0, 10)}`,
          ],
          ['feedback', 'Satisfaction 4/5'],
          ['note', 'Churn risk: no purchase within P90D of the repeat purchase offer'],
          ['call', 'Retention action: Call with a loyalty discount, client not retained'],
        ]),
      );
    });

    it('keeps a client who buys again within the period loyal, and restarts the period at the purchase', async () => {
      // given a loyal client with an open repeat purchase offer since T
      const T = Date.UTC(2032, 8, 6, 9);
      await pin(T);
      const { client, key, offer } = await toRepeatOffer('Lindqvist Print AB');

      // when 45 days later a purchase is recorded in the CRM (which announces it to the processes)
      await pin(T + 45 * DAY);
      const purchase = await crm.post(`/clients/${client.id}/purchases`, {
        product: 'Toner, 12 cartridges',
        amount: 54_000,
        currency: 'EUR',
      });
      expect(purchase.status, JSON.stringify(purchase.body)).toBe(201);
      const renewed = await waitFor(async () => {
        const open = (await userTasksOf(key, 'Task_OfferRepeatPurchase')).filter(
          (task) => task.state === 'CREATED',
        );
        return open.find((task) => task.userTaskKey !== offer.userTaskKey);
      }, 'a new repeat purchase offer');
      // and the clock passes 90 days after the first offer
      await pinAndSweep(T + 90 * DAY + MINUTE);

      // then there is no churn check yet: the client is loyal and has a new offer open
      const { runs } = await pathOf(key);
      expect(runs).toMatchObject({ Event_PurchaseRecorded: 1, Task_SetStageLoyalty: 2 });
      expect(runs).not.toHaveProperty('Event_NoPurchase');
      expect(runs).not.toHaveProperty('Task_TakeRetentionAction');
      const offers = await userTasksOf(key, 'Task_OfferRepeatPurchase');
      expect(offers.sort((a, b) => a.state.localeCompare(b.state))).toEqual([
        expect.objectContaining({ userTaskKey: offer.userTaskKey, state: 'CANCELED' }),
        expect.objectContaining({ userTaskKey: renewed.userTaskKey, state: 'CREATED' }),
      ]);
      expect(await processVariable(key, 'lastPurchase')).toBe('Toner, 12 cartridges');
      expect(await stageOf(client.id)).toBe('loyalty');
      expect((await crm.get(`/clients/${client.id}/purchases`)).body.items).toMatchObject([
        { product: 'Toner, 12 cartridges', amount: 54_000, currency: 'EUR' },
      ]);

      // when 90 days pass after the purchase without another one
      await pin(T + 45 * DAY + 90 * DAY + MINUTE);

      // then the churn check does come, counted from the purchase
      await waitForUserTask(server.api, key, 'Task_TakeRetentionAction');
      expect(await stageOf(client.id)).toBe('retention');
    });
  });

  describe('complaint handling', () => {
    it("gives a VIP client's complaint to a supervisor and closes it on a good score", async () => {
      // given
      const client = await createClient({ name: 'Ivan Petrenko', kind: 'person', segment: 'vip' });
      const key = await start('complaint-handling', client.id);

      // when service registers and classifies it
      const { form: registerForm } = await work(key, 'Task_RegisterComplaint', 'service', {
        complaintSummary: 'Invoice charged twice',
        severity: 'normal',
      });
      await work(key, 'Task_ClassifyComplaint', 'service', {
        category: 'billing',
        rootCause: 'duplicate payment run',
      });
      expect(await stageOf(client.id)).toBe('service');
      // and a supervisor resolves it, and service calls the client and asks for a score
      const { task: priorityTask } = await work(key, 'Task_ResolveWithPriority', 'supervisors', {
        resolution: 'Refunded the second charge',
      });
      const { form: informForm } = await work(key, 'Task_InformClient', 'service', {
        contactChannel: 'call',
      });
      await work(key, 'Task_ConfirmResolution', 'service', { resolutionAccepted: true });
      await work(key, 'Task_AskForSatisfaction', 'service', { satisfactionScore: 5, feedback: '' });

      // then
      expect(registerForm).toEqual({ complaintSummary: '', severity: 'normal' });
      expect(informForm).toEqual({ contactChannel: 'email' });
      expect(priorityTask).toMatchObject({ priority: 90, dueDate: expect.any(String) });
      await waitForState(server.api, key, 'COMPLETED');
      const { runs, ends } = await pathOf(key);
      expect(ends).toEqual(['EndEvent_ResolutionAccepted', 'EndEvent_ComplaintClosed']);
      expect(runs).toMatchObject({ Task_ResolveWithPriority: 1, Task_SetStageLoyalty: 1 });
      expect(runs).not.toHaveProperty('Task_ResolveComplaint');
      expect(runs).not.toHaveProperty('Task_ReopenComplaint');
      expect(await stageOf(client.id)).toBe('loyalty');
      expect(await interactionsOf(client.id)).toEqual([
        [
          'complaint',
          'Invoice charged twice (category: billing, root cause: duplicate payment run)',
        ],
        ['call', 'Informed of the resolution: Refunded the second charge'],
        ['feedback', 'Satisfaction 5/5'],
      ]);
    });

    it('reopens an ordinary complaint on a low score and escalates it until the client is satisfied', async () => {
      // given
      const client = await createClient({ name: 'Pinewood Cafe', kind: 'company', segment: 'smb' });
      const key = await start('complaint-handling', client.id);

      // when service handles it the standard way and the client is unhappy with the result
      await work(key, 'Task_RegisterComplaint', 'service', {
        complaintSummary: 'Parcel arrived damaged',
        severity: 'normal',
      });
      await work(key, 'Task_ClassifyComplaint', 'service', {
        category: 'delivery',
        rootCause: 'packaging',
      });
      const { task: standardTask } = await work(key, 'Task_ResolveComplaint', 'service', {
        resolution: 'Sent a replacement',
      });
      await work(key, 'Task_InformClient', 'service', {});
      await work(key, 'Task_ConfirmResolution', 'service', { resolutionAccepted: true });
      await work(key, 'Task_AskForSatisfaction', 'service', {
        satisfactionScore: 1,
        feedback: 'Replacement damaged too',
      });
      // and the reopened complaint goes to a supervisor, whose resolution satisfies the client
      const { form: reopenedForm } = await work(key, 'Task_ResolveWithPriority', 'supervisors', {
        resolution: 'Refund and courier pickup',
      });
      expect(await stageOf(client.id)).toBe('retention');
      await work(key, 'Task_InformClient', 'service', {});
      await work(key, 'Task_ConfirmResolution', 'service', { resolutionAccepted: true });
      await work(key, 'Task_AskForSatisfaction', 'service', {
        satisfactionScore: 4,
        feedback: 'Thanks',
      });

      // then
      expect(standardTask).toMatchObject({ priority: 50 });
      expect(reopenedForm).toEqual({ resolution: 'Sent a replacement' });
      await waitForState(server.api, key, 'COMPLETED');
      const { runs, ends } = await pathOf(key);
      expect(ends).toEqual([
        'EndEvent_ResolutionAccepted',
        'EndEvent_ResolutionAccepted',
        'EndEvent_ComplaintClosed',
      ]);
      expect(runs).toMatchObject({
        Task_ResolveComplaint: 1,
        Task_ReopenComplaint: 1,
        Task_SetStageRetention: 1,
        Task_ResolveWithPriority: 1,
        Task_AskForSatisfaction: 2,
        Gateway_MergeReopen: 2,
      });
      expect(await variable(server.api, key, 'reopenCount')).toBe(1);
      expect(await stageOf(client.id)).toBe('loyalty');
      expect(await interactionsOf(client.id)).toEqual([
        ['complaint', 'Parcel arrived damaged (category: delivery, root cause: packaging)'],
        ['email', 'Informed of the resolution: Sent a replacement'],
        ['feedback', 'Satisfaction 1/5: Replacement damaged too'],
        ['complaint', 'Reopened after satisfaction 1/5'],
        ['email', 'Informed of the resolution: Refund and courier pickup'],
        ['feedback', 'Satisfaction 4/5: Thanks'],
      ]);
    });

    /** Registers and classifies an ordinary complaint, up to its standard resolution. */
    const toStandardResolution = async (name: string) => {
      const client = await createClient({ name, kind: 'company', segment: 'smb' });
      const key = await start('complaint-handling', client.id);
      await work(key, 'Task_RegisterComplaint', 'service', {
        complaintSummary: 'Wrong item delivered',
        severity: 'normal',
      });
      await work(key, 'Task_ClassifyComplaint', 'service', {
        category: 'delivery',
        rootCause: 'picking error',
      });
      const resolve = await waitForUserTask(server.api, key, 'Task_ResolveComplaint');
      return { client, key, resolve };
    };

    /** Resolves it, informs the client by email and sends a survey instead of asking. */
    const toAwaitedReply = async (key: string) => {
      await work(key, 'Task_ResolveComplaint', 'service', { resolution: 'Sent the right item' });
      await work(key, 'Task_InformClient', 'service', {});
      await work(key, 'Task_ConfirmResolution', 'service', { resolutionAccepted: true });
      const { form } = await work(key, 'Task_AskForSatisfaction', 'service', { awaitReply: true });
      expect(form).toEqual({ satisfactionScore: 0, feedback: '', awaitReply: false });
      return waitForSubscription(key, 'customer-reply');
    };

    it('handles a rejected resolution through an error boundary and reopens the case', async () => {
      // given an ordinary complaint whose standard resolution the client has been told of
      const { client, key } = await toStandardResolution('Larch Street Florist');
      await work(key, 'Task_ResolveComplaint', 'service', { resolution: 'Sent the right item' });
      await work(key, 'Task_InformClient', 'service', {});

      // when the client rejects the resolution
      const { form: firstConfirmation } = await work(key, 'Task_ConfirmResolution', 'service', {
        resolutionAccepted: false,
        rejectionReason: 'Wants a refund instead',
      });

      // then the case is reopened and a supervisor resolves it again, from the earlier resolution
      const { form: reopenedForm } = await work(key, 'Task_ResolveWithPriority', 'supervisors', {
        resolution: 'Refunded the order',
      });
      expect(reopenedForm).toEqual({ resolution: 'Sent the right item' });

      // and when the client accepts the second resolution and is satisfied
      await work(key, 'Task_InformClient', 'service', { contactChannel: 'call' });
      const { form: secondConfirmation } = await work(key, 'Task_ConfirmResolution', 'service', {
        resolutionAccepted: true,
      });
      await work(key, 'Task_AskForSatisfaction', 'service', { satisfactionScore: 4 });

      // then the complaint closes after one rejected and one accepted resolution
      expect(firstConfirmation).toEqual({ resolutionAccepted: false, rejectionReason: '' });
      expect(secondConfirmation).toEqual({ resolutionAccepted: false, rejectionReason: '' });
      await waitForState(server.api, key, 'COMPLETED');
      const { runs, ends } = await pathOf(key);
      expect(ends).toEqual([
        'EndEvent_ResolutionRejected',
        'EndEvent_ResolutionAccepted',
        'EndEvent_ComplaintClosed',
      ]);
      expect(runs).toMatchObject({
        SubProcess_CarryOutResolution: 2,
        Task_ConfirmResolution: 2,
        Event_ResolutionRejected: 1,
        Task_LogCaseReopened: 1,
        Gateway_MergeReopen: 2,
        Task_ResolveComplaint: 1,
        Task_ResolveWithPriority: 1,
        Task_AskForSatisfaction: 1,
      });
      expect(runs).not.toHaveProperty('Task_ReopenComplaint');
      expect(await variable(server.api, key, 'reopenCount')).toBe(1);
      expect(await stageOf(client.id)).toBe('loyalty');
      expect(await interactionsOf(client.id)).toEqual([
        ['complaint', 'Wrong item delivered (category: delivery, root cause: picking error)'],
        ['email', 'Informed of the resolution: Sent the right item'],
        ['complaint', 'Resolution rejected, case reopened: Wants a refund instead'],
        ['call', 'Informed of the resolution: Refunded the order'],
        ['feedback', 'Satisfaction 4/5'],
      ]);
    });

    it('escalates a complaint still unresolved after its three-day SLA to the supervisors and keeps the resolution open', async () => {
      // given an ordinary complaint whose resolution opened at T
      const T = Date.UTC(2031, 2, 3, 9);
      await pin(T);
      const { client, key, resolve } = await toStandardResolution('Harbour Tools Ltd');
      const task = (await server.api.get(`/user-tasks/${resolve.userTaskKey}`)).body;
      expect(Date.parse(task.dueDate)).toBe(T + 3 * DAY);

      // when the clock stands a second before the SLA ends
      await pinAndSweep(T + 3 * DAY - SECOND);

      // then nothing is escalated yet
      expect(await userTasksOf(key, 'Task_ReviewOverdueComplaint')).toEqual([]);

      // when the SLA has passed
      await pin(T + 3 * DAY + MINUTE);

      // then the supervisors get a review task while the resolution stays open with service
      const { task: review, form: reviewForm } = await work(
        key,
        'Task_ReviewOverdueComplaint',
        'supervisors',
        { escalationNote: 'Asked the warehouse to ship today' },
      );
      expect(review).toMatchObject({ name: 'Review overdue complaint', priority: 80 });
      expect(reviewForm).toEqual({ escalationNote: '' });
      expect(await userTasksOf(key, 'Task_ResolveComplaint')).toEqual([
        expect.objectContaining({ userTaskKey: resolve.userTaskKey, state: 'CREATED' }),
      ]);

      // and when service resolves it after all and the client is satisfied
      await work(key, 'Task_ResolveComplaint', 'service', { resolution: 'Sent the right item' });
      await work(key, 'Task_InformClient', 'service', {});
      await work(key, 'Task_ConfirmResolution', 'service', { resolutionAccepted: true });
      await work(key, 'Task_AskForSatisfaction', 'service', { satisfactionScore: 4 });

      // then the complaint closes, with the escalation on its own path beside it
      await waitForState(server.api, key, 'COMPLETED');
      const { runs, ends } = await pathOf(key);
      expect([...ends].sort()).toEqual([
        'EndEvent_ComplaintClosed',
        'EndEvent_EscalationReviewed',
        'EndEvent_ResolutionAccepted',
      ]);
      expect(runs).toMatchObject({
        Event_ResolutionOverdue: 1,
        Task_ReviewOverdueComplaint: 1,
        Task_ResolveComplaint: 1,
      });
      expect(runs).not.toHaveProperty('Task_ResolveWithPriority');
      expect(unordered(await interactionsOf(client.id))).toEqual(
        unordered([
          ['complaint', 'Wrong item delivered (category: delivery, root cause: picking error)'],
          ['note', 'Overdue complaint reviewed by a supervisor: Asked the warehouse to ship today'],
          ['email', 'Informed of the resolution: Sent the right item'],
          ['feedback', 'Satisfaction 4/5'],
        ]),
      );
    });

    it("closes a complaint on the client's reply to the survey, which carries the score", async () => {
      // given an ordinary complaint whose client was sent a satisfaction survey
      const { client, key } = await toStandardResolution('Orchard Bakery');
      const subscription = await toAwaitedReply(key);
      expect(subscription).toMatchObject({
        elementId: 'Event_CustomerReply',
        correlationKey: client.id,
      });

      // when the client's reply arrives as a message keyed by the client's id
      await publish({
        name: 'customer-reply',
        correlationKey: client.id,
        variables: { satisfactionScore: 4, feedback: 'Fixed quickly, thanks' },
      });

      // then the reply's score decides: the complaint is closed and the client loyal
      await waitForState(server.api, key, 'COMPLETED');
      const { runs, ends } = await pathOf(key);
      expect(ends).toEqual(['EndEvent_ResolutionAccepted', 'EndEvent_ComplaintClosed']);
      expect(runs).toMatchObject({
        Gateway_AwaitReply: 1,
        Event_CustomerReply: 1,
        Task_LogFeedback: 1,
        Task_SetStageLoyalty: 1,
      });
      expect(runs).not.toHaveProperty('Event_NoReply');
      expect(runs).not.toHaveProperty('Task_ReopenComplaint');
      expect(await processVariable(key, 'satisfactionScore')).toBe(4);
      expect(await processVariable(key, 'feedback')).toBe('Fixed quickly, thanks');
      expect(await stageOf(client.id)).toBe('loyalty');
      expect(await interactionsOf(client.id)).toEqual([
        ['complaint', 'Wrong item delivered (category: delivery, root cause: picking error)'],
        ['email', 'Informed of the resolution: Sent the right item'],
        ['feedback', 'Satisfaction 4/5: Fixed quickly, thanks'],
      ]);
    });

    it('closes a complaint without a reply when the client does not answer the survey within seven days', async () => {
      // given an ordinary complaint whose client was sent a survey at T
      const T = Date.UTC(2031, 5, 2, 9);
      await pin(T);
      const { client, key } = await toStandardResolution('Quarry Lane Garage');
      await toAwaitedReply(key);

      // when seven days pass without a reply
      await pin(T + 7 * DAY + MINUTE);

      // then the case closes without feedback, and a late reply finds nothing to answer
      await waitForState(server.api, key, 'COMPLETED');
      const { runs, ends } = await pathOf(key);
      expect(ends).toEqual(['EndEvent_ResolutionAccepted', 'EndEvent_ClosedWithoutReply']);
      expect(runs).toMatchObject({ Event_NoReply: 1, Task_LogNoReply: 1 });
      expect(runs).not.toHaveProperty('Event_CustomerReply');
      expect(runs).not.toHaveProperty('Task_LogFeedback');
      const late = await server.api.post('/messages/correlation', {
        name: 'customer-reply',
        correlationKey: client.id,
        variables: { satisfactionScore: 5 },
      });
      expect(late.status, JSON.stringify(late.body)).toBe(404);
      expect(await stageOf(client.id)).toBe('service');
      expect(unordered(await interactionsOf(client.id))).toEqual(
        unordered([
          ['complaint', 'Wrong item delivered (category: delivery, root cause: picking error)'],
          ['email', 'Informed of the resolution: Sent the right item'],
          ['complaint', 'Closed without a reply to the satisfaction survey'],
        ]),
      );
    });
  });
});
