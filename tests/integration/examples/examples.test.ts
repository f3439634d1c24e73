/**
 * The example processes of `examples/` as demo mode deploys them, run to the end by people
 * only: staff and supervisors claim and complete their tasks over `/v2` with HTTP Basic,
 * the server's own worker runs the `crm.*` tasks, and the client record and its
 * interactions under `/api` show what the process did.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshDbName } from '../../support/backends';
import { databaseUri, startTestServer, type TestServer } from '../../support/testServer';
import {
  elementInstances,
  searchAll,
  variable,
  waitForState,
  waitForUserTask,
} from '../concurrency/helpers';
import { CrmApi } from '../crm/crmTestKit';

const sqlite = backends()[0]!;

/** Who works each group's tasks: `staff` is in sales and service, `admin` in supervisors. */
const WORKER: Record<string, string> = { sales: 'staff', service: 'staff', supervisors: 'admin' };

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
  afterAll(() => server?.close());

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
   * they were shown.
   */
  const work = async (
    key: string,
    elementId: string,
    group: string,
    entered: Record<string, unknown>,
  ): Promise<{ task: Record<string, unknown>; form: Record<string, unknown> }> => {
    const user = WORKER[group]!;
    const api = server.api.as(user);
    const found = await waitForUserTask(api, key, elementId);
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

  /** How often each element ran, and the end event the instance ended in. */
  const pathOf = async (key: string) => {
    const rows = await elementInstances(server.api, key);
    const runs: Record<string, number> = {};
    for (const row of rows) runs[row.elementId] = (runs[row.elementId] ?? 0) + 1;
    const ends = rows.filter((row) => row.type === 'END_EVENT').map((row) => row.elementId);
    return { runs, ends };
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
      expect(collectForm).toEqual({ industry: '', region: 'UK and Ireland' });
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
      expect(collectForm).toEqual({ industry: 'Marine', region: 'Southern Europe' });
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
      await work(key, 'Task_AskForSatisfaction', 'service', { satisfactionScore: 5, feedback: '' });

      // then
      expect(registerForm).toEqual({ complaintSummary: '', severity: 'normal' });
      expect(informForm).toEqual({ contactChannel: 'email' });
      expect(priorityTask).toMatchObject({ priority: 90, dueDate: expect.any(String) });
      await waitForState(server.api, key, 'COMPLETED');
      const { runs, ends } = await pathOf(key);
      expect(ends).toEqual(['EndEvent_ComplaintClosed']);
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
      await work(key, 'Task_AskForSatisfaction', 'service', {
        satisfactionScore: 4,
        feedback: 'Thanks',
      });

      // then
      expect(standardTask).toMatchObject({ priority: 50 });
      expect(reopenedForm).toEqual({ resolution: 'Sent a replacement' });
      await waitForState(server.api, key, 'COMPLETED');
      const { runs, ends } = await pathOf(key);
      expect(ends).toEqual(['EndEvent_ComplaintClosed']);
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
  });
});
