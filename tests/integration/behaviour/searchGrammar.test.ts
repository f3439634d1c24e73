/**
 * The search grammar of reference §1.2 end to end, on real FerretDB (both backends): every
 * operator, variable-value filters, sorting, offset and cursor paging.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends';
import type { TestServer } from '../../support/testServer';
import {
  deployFixtures,
  pinClock,
  resetClock,
  searchItems,
  startInstance,
  startOn,
} from './support';

/** Four accounts under review, each started at its own (pinned) instant. */
const ACCOUNTS = {
  acme: {
    at: '2030-01-10T09:00:00.000Z',
    variables: {
      customer: 'ACME Corp',
      tier: 'gold',
      prio: 10,
      groups: ['sales', 'service'],
      owner: 'anna',
    },
  },
  acmeLtd: {
    at: '2030-02-10T09:00:00.000Z',
    variables: {
      customer: 'Acme Ltd',
      tier: 'silver',
      prio: 50,
      groups: ['service'],
      owner: 'anja',
    },
  },
  beta: {
    at: '2030-03-10T09:00:00.000Z',
    variables: { customer: 'Beta', tier: 'gold', prio: 90, groups: ['supervisors'], owner: 'ben' },
  },
  gamma: {
    at: '2030-04-10T09:00:00.000Z',
    // no owner: the task has no assignee
    variables: { customer: 'Gamma', tier: 'bronze', prio: 70, groups: [] as string[] },
  },
} as const;
type Account = keyof typeof ACCOUNTS;

const JOB_TYPE = 'search.grammar.sync';

describe.each(backends())('the search grammar on $name', (backend) => {
  let server: TestServer;
  const instanceOf = {} as Record<Account, string>;
  const accountOf = new Map<string, Account>();
  const jobInstances: string[] = [];

  beforeAll(async () => {
    server = await startOn(backend, 'search');
    await deployFixtures(server.api, 'SearchGrammar.userTask', 'SearchGrammar.serviceTask');
    for (const [account, { at, variables }] of Object.entries(ACCOUNTS)) {
      await pinClock(server.api, at);
      const key = await startInstance(server.api, 'search-grammar', variables);
      instanceOf[account as Account] = key;
      accountOf.set(key, account as Account);
    }
    await pinClock(server.api, '2030-05-01T00:00:00.000Z');
    for (const retries of [1, 3, 5])
      jobInstances.push(await startInstance(server.api, 'search-grammar-jobs', { retries }));
    await resetClock(server.api);
  });
  afterAll(() => server?.close());

  /** The accounts of result items (user tasks or instances), in answer order. */
  const accounts = (items: { processInstanceKey: string }[]) =>
    items.map((item) => accountOf.get(item.processInstanceKey) ?? item.processInstanceKey);
  const sorted = (items: { processInstanceKey: string }[]) => accounts(items).sort();

  const tasks = (filter: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    searchItems(server.api, '/user-tasks/search', {
      filter: { processDefinitionId: 'search-grammar', ...filter },
      ...extra,
    });
  const instances = (filter: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    searchItems(server.api, '/process-instances/search', {
      filter: { processDefinitionId: 'search-grammar', ...filter },
      ...extra,
    });

  describe('string operators (user-task assignee)', () => {
    it('$eq and a plain value match exactly', async () => {
      // given tasks assigned to anna, anja, ben and nobody
      // when searching for anna, with and without the operator
      const withOperator = await tasks({ assignee: { $eq: 'anna' } });
      const plain = await tasks({ assignee: 'anna' });
      const prefix = await tasks({ assignee: 'ann' });
      // then only anna's task matches, and a prefix matches nothing
      expect(sorted(withOperator)).toEqual(['acme']);
      expect(sorted(plain)).toEqual(['acme']);
      expect(prefix).toEqual([]);
    });

    it('$neq matches every other value, including no value at all', async () => {
      // when
      const items = await tasks({ assignee: { $neq: 'anna' } });
      // then the unassigned task counts as "not anna" (MongoDB and Elasticsearch semantics)
      expect(sorted(items)).toEqual(['acmeLtd', 'beta', 'gamma']);
    });

    it('$in matches any of the listed values', async () => {
      // when
      const items = await tasks({ assignee: { $in: ['anna', 'ben', 'nobody'] } });
      // then
      expect(sorted(items)).toEqual(['acme', 'beta']);
    });

    it('$notIn matches everything not listed, including no value', async () => {
      // when
      const items = await tasks({ assignee: { $notIn: ['anna', 'ben'] } });
      // then
      expect(sorted(items)).toEqual(['acmeLtd', 'gamma']);
    });

    it('$exists tells assigned tasks from unassigned ones', async () => {
      // when
      const assigned = await tasks({ assignee: { $exists: true } });
      const unassigned = await tasks({ assignee: { $exists: false } });
      // then
      expect(sorted(assigned)).toEqual(['acme', 'acmeLtd', 'beta']);
      expect(sorted(unassigned)).toEqual(['gamma']);
    });

    it("$like takes '*' for any run of characters", async () => {
      // when
      const startsWithAn = await tasks({ assignee: { $like: 'an*' } });
      const endsWithN = await tasks({ assignee: { $like: '*n' } });
      const everything = await tasks({ assignee: { $like: '*' } });
      // then the pattern is anchored at both ends
      expect(sorted(startsWithAn)).toEqual(['acme', 'acmeLtd']);
      expect(sorted(endsWithN)).toEqual(['beta']);
      expect(sorted(everything)).toEqual(['acme', 'acmeLtd', 'beta']);
    });

    it("$like takes '?' for exactly one character, and '\\' escapes a wildcard", async () => {
      // when
      const anyThird = await tasks({ assignee: { $like: 'an?a' } });
      const anySecond = await tasks({ assignee: { $like: 'a?na' } });
      const tooShort = await tasks({ assignee: { $like: 'b?' } });
      const literalQuestionMark = await tasks({ assignee: { $like: 'an\\?a' } });
      // then
      expect(sorted(anyThird)).toEqual(['acme', 'acmeLtd']);
      expect(sorted(anySecond)).toEqual(['acme']);
      expect(tooShort).toEqual([]);
      expect(literalQuestionMark).toEqual([]);
    });

    it('$like works on process-instance strings too', async () => {
      // when searching instances by a process id pattern
      const jobs = await searchItems(server.api, '/process-instances/search', {
        filter: { processDefinitionId: { $like: 'search-grammar-job?' } },
      });
      const all = await searchItems(server.api, '/process-instances/search', {
        filter: { processDefinitionId: { $like: 'search-gram*' } },
      });
      // then
      expect(jobs.map((item) => item.processInstanceKey).sort()).toEqual([...jobInstances].sort());
      expect(all).toHaveLength(7);
    });
  });

  describe('integer operators', () => {
    it('$gt, $gte, $lt and $lte compare user-task priorities', async () => {
      // given priorities acme 10, acmeLtd 50, gamma 70, beta 90
      // when
      const above50 = await tasks({ priority: { $gt: 50 } });
      const from50 = await tasks({ priority: { $gte: 50 } });
      const below50 = await tasks({ priority: { $lt: 50 } });
      const upTo50 = await tasks({ priority: { $lte: 50 } });
      const between = await tasks({ priority: { $gt: 10, $lt: 90 } });
      const exact = await tasks({ priority: 70 });
      const listed = await tasks({ priority: { $in: [10, 90] } });
      // then
      expect(sorted(above50)).toEqual(['beta', 'gamma']);
      expect(sorted(from50)).toEqual(['acmeLtd', 'beta', 'gamma']);
      expect(sorted(below50)).toEqual(['acme']);
      expect(sorted(upTo50)).toEqual(['acme', 'acmeLtd']);
      expect(sorted(between)).toEqual(['acmeLtd', 'gamma']);
      expect(sorted(exact)).toEqual(['gamma']);
      expect(sorted(listed)).toEqual(['acme', 'beta']);
    });

    it('$gt, $gte, $lt and $lte compare job retries', async () => {
      // given three jobs with 1, 3 and 5 retries
      const retriesOf = async (retries: Record<string, number>) =>
        (
          await searchItems(server.api, '/jobs/search', { filter: { type: JOB_TYPE, retries } })
        ).map((job) => job.retries as number);
      // when / then
      expect((await retriesOf({ $gt: 1 })).sort()).toEqual([3, 5]);
      expect((await retriesOf({ $gte: 3 })).sort()).toEqual([3, 5]);
      expect((await retriesOf({ $lt: 3 })).sort()).toEqual([1]);
      expect((await retriesOf({ $lte: 3 })).sort()).toEqual([1, 3]);
      expect((await retriesOf({ $gt: 1, $lte: 3 })).sort()).toEqual([3]);
    });
  });

  describe('date-time ranges', () => {
    it('select process instances by startDate', async () => {
      // given instances started on the 10th of January, February, March and April 2030
      // when
      const febToMarch = await instances({
        startDate: { $gte: '2030-02-01T00:00:00Z', $lt: '2030-04-01T00:00:00Z' },
      });
      const afterFebruaryStart = await instances({ startDate: { $gt: '2030-02-10T09:00:00Z' } });
      // an instant written with an offset is the same instant in UTC
      const upToFebruaryStart = await instances({
        startDate: { $lte: '2030-02-10T10:00:00+01:00' },
      });
      const exactly = await instances({ startDate: '2030-03-10T09:00:00.000Z' });
      // then the bounds are exclusive or inclusive as asked
      expect(sorted(febToMarch)).toEqual(['acmeLtd', 'beta']);
      expect(sorted(afterFebruaryStart)).toEqual(['beta', 'gamma']);
      expect(sorted(upToFebruaryStart)).toEqual(['acme', 'acmeLtd']);
      expect(sorted(exactly)).toEqual(['beta']);
    });

    it('select user tasks by creationDate', async () => {
      // when
      const beforeMarch = await tasks({ creationDate: { $lt: '2030-03-01T00:00:00Z' } });
      const fromMarch = await tasks({ creationDate: { $gte: '2030-03-10T09:00:00Z' } });
      const january = await tasks({
        creationDate: { $gte: '2030-01-01T00:00:00Z', $lte: '2030-01-31T23:59:59Z' },
      });
      // then
      expect(sorted(beforeMarch)).toEqual(['acme', 'acmeLtd']);
      expect(sorted(fromMarch)).toEqual(['beta', 'gamma']);
      expect(sorted(january)).toEqual(['acme']);
    });
  });

  it('$or on process instances matches any branch, AND-ed with the other fields', async () => {
    // when
    const items = await instances({
      $or: [
        { processInstanceKey: instanceOf.acme },
        { startDate: { $gte: '2030-04-01T00:00:00Z' } },
      ],
    });
    const noneOfThis = await instances({
      state: 'COMPLETED',
      $or: [{ processInstanceKey: instanceOf.acme }, { processInstanceKey: instanceOf.beta }],
    });
    // then
    expect(sorted(items)).toEqual(['acme', 'gamma']);
    expect(noneOfThis).toEqual([]);
  });

  describe('candidateGroup matches against the candidateGroups array', () => {
    it('a plain value matches tasks whose array contains it', async () => {
      // given candidate groups [sales, service], [service], [supervisors] and []
      // when
      const service = await tasks({ candidateGroup: 'service' });
      const partial = await tasks({ candidateGroup: 'serv' });
      // then
      expect(sorted(service)).toEqual(['acme', 'acmeLtd']);
      expect(partial).toEqual([]);
    });

    it('$in and $like match any element of the array', async () => {
      // when
      const either = await tasks({ candidateGroup: { $in: ['supervisors', 'sales'] } });
      const like = await tasks({ candidateGroup: { $like: 'super*' } });
      // then
      expect(sorted(either)).toEqual(['acme', 'beta']);
      expect(sorted(like)).toEqual(['beta']);
    });

    it('$neq and $notIn match tasks whose array lacks the value', async () => {
      // when
      const notService = await tasks({ candidateGroup: { $neq: 'service' } });
      const neither = await tasks({ candidateGroup: { $notIn: ['service', 'supervisors'] } });
      // then
      expect(sorted(notService)).toEqual(['beta', 'gamma']);
      expect(sorted(neither)).toEqual(['gamma']);
    });
  });

  describe('variable-value filters (values are JSON text)', () => {
    it('`variables` narrows process instances by root variables', async () => {
      // when
      const gold = await instances({ variables: [{ name: 'tier', value: '"gold"' }] });
      const unquoted = await instances({ variables: [{ name: 'tier', value: 'gold' }] });
      const both = await instances({
        variables: [
          { name: 'tier', value: '"gold"' },
          { name: 'customer', value: { $like: '"ACME*' } },
        ],
      });
      const number = await instances({ variables: [{ name: 'prio', value: '90' }] });
      const listed = await instances({
        variables: [{ name: 'tier', value: { $in: ['"silver"', '"bronze"'] } }],
      });
      // then a string variable matches only as JSON text, and filters are AND-ed
      expect(sorted(gold)).toEqual(['acme', 'beta']);
      expect(unquoted).toEqual([]);
      expect(sorted(both)).toEqual(['acme']);
      expect(sorted(number)).toEqual(['beta']);
      expect(sorted(listed)).toEqual(['acmeLtd', 'gamma']);
    });

    it('`processInstanceVariables` narrows user tasks by their instance variables', async () => {
      // when
      const gold = await tasks({ processInstanceVariables: [{ name: 'tier', value: '"gold"' }] });
      const gamma = await tasks({
        processInstanceVariables: [{ name: 'customer', value: { $eq: '"Gamma"' } }],
      });
      // then
      expect(sorted(gold)).toEqual(['acme', 'beta']);
      expect(sorted(gamma)).toEqual(['gamma']);
    });

    it('`localVariables` narrows user tasks by the variables of the task scope', async () => {
      // given each task has the input-mapped local variable localTier
      // when
      const silver = await tasks({ localVariables: [{ name: 'localTier', value: '"silver"' }] });
      const notLocal = await tasks({ localVariables: [{ name: 'tier', value: '"gold"' }] });
      const combined = await tasks({
        processInstanceVariables: [{ name: 'tier', value: '"gold"' }],
        localVariables: [{ name: 'localTier', value: { $neq: '"gold"' } }],
      });
      // then a variable of the process scope is not local to the task
      expect(sorted(silver)).toEqual(['acmeLtd']);
      expect(notLocal).toEqual([]);
      expect(combined).toEqual([]);
    });
  });

  describe('sorting', () => {
    it('sorts user tasks by priority ASC and DESC', async () => {
      // when
      const ascending = await tasks({}, { sort: [{ field: 'priority', order: 'ASC' }] });
      const descending = await tasks({}, { sort: [{ field: 'priority', order: 'desc' }] });
      const byDefault = await tasks({}, { sort: [{ field: 'priority' }] });
      // then (order is case-insensitive, ASC by default)
      expect(accounts(ascending)).toEqual(['acme', 'acmeLtd', 'gamma', 'beta']);
      expect(accounts(descending)).toEqual(['beta', 'gamma', 'acmeLtd', 'acme']);
      expect(accounts(byDefault)).toEqual(accounts(ascending));
    });

    it('sorts process instances by startDate and user tasks by creationDate', async () => {
      // when
      const newestFirst = await instances({}, { sort: [{ field: 'startDate', order: 'DESC' }] });
      const oldestFirst = await tasks({}, { sort: [{ field: 'creationDate', order: 'ASC' }] });
      // then
      expect(accounts(newestFirst)).toEqual(['gamma', 'beta', 'acmeLtd', 'acme']);
      expect(accounts(oldestFirst)).toEqual(['acme', 'acmeLtd', 'beta', 'gamma']);
    });

    it('sorts variables by name, then by value descending', async () => {
      // when
      const items = await searchItems(server.api, '/variables/search', {
        filter: { name: { $in: ['tier', 'customer'] } },
        sort: [
          { field: 'name', order: 'ASC' },
          { field: 'value', order: 'DESC' },
        ],
      });
      // then (values compare as their JSON text)
      expect(items.map((item) => `${item.name}=${item.value}`)).toEqual([
        'customer="Gamma"',
        'customer="Beta"',
        'customer="Acme Ltd"',
        'customer="ACME Corp"',
        'tier="silver"',
        'tier="gold"',
        'tier="gold"',
        'tier="bronze"',
      ]);
    });

    it('rejects a field that is not sortable', async () => {
      // when
      const answer = await server.api.post('/user-tasks/search', {
        sort: [{ field: 'assignee' }],
      });
      // then
      expect(answer.status).toBe(400);
      expect(answer.body.title).toBe('INVALID_ARGUMENT');
      expect(answer.body.detail).toContain('Unknown sortBy: assignee');
    });
  });

  describe('paging', () => {
    it('pages by from and limit, with the total of all matches', async () => {
      // when
      const answer = await server.api.post('/user-tasks/search', {
        filter: { processDefinitionId: 'search-grammar' },
        sort: [{ field: 'priority' }],
        page: { from: 1, limit: 2 },
      });
      const past = await server.api.post('/user-tasks/search', {
        filter: { processDefinitionId: 'search-grammar' },
        page: { from: 4, limit: 2 },
      });
      // then
      expect(answer.status).toBe(200);
      expect(accounts(answer.body.items)).toEqual(['acmeLtd', 'gamma']);
      expect(answer.body.page.totalItems).toBe(4);
      expect(past.body.items).toEqual([]);
      expect(past.body.page.totalItems).toBe(4);
    });

    /** Walks `after: endCursor` to the end, then `before: startCursor` back to the start. */
    async function walk(path: string, body: Record<string, unknown>, keyOf: (item: any) => string) {
      const all = (await searchItems(server.api, path, { ...body, page: { limit: 1000 } })).map(
        keyOf,
      );
      const forward: string[][] = [];
      let page: Record<string, unknown> = { limit: 3 };
      let last: any;
      for (let guard = 0; guard < 50; guard++) {
        const answer = await server.api.post(path, { ...body, page });
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        expect(answer.body.page.totalItems).toBe(all.length);
        if (answer.body.items.length === 0) break;
        forward.push(answer.body.items.map(keyOf));
        last = answer.body.page;
        page = { after: answer.body.page.endCursor, limit: 3 };
      }
      const backward: string[][] = [];
      page = { before: last.startCursor, limit: 3 };
      for (let guard = 0; guard < 50; guard++) {
        const answer = await server.api.post(path, { ...body, page });
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        if (answer.body.items.length === 0) break;
        backward.unshift(answer.body.items.map(keyOf));
        page = { before: answer.body.page.startCursor, limit: 3 };
      }
      return { all, forward, backward };
    }

    it('visits every variable exactly once with after and before cursors, ties included', async () => {
      // given variables sorted by a non-unique field (many share a name)
      const body = {
        filter: { processInstanceKey: { $in: Object.values(instanceOf) } },
        sort: [{ field: 'name', order: 'DESC' }],
      };
      // when walking forward and then backward
      const { all, forward, backward } = await walk(
        '/variables/search',
        body,
        (v) => v.variableKey,
      );
      // then forward visits every item once, in the order of a single big page
      expect(all.length).toBeGreaterThan(12);
      expect(forward.flat()).toEqual(all);
      // and backward visits every item before the last page once, in the same order
      const lastPage = forward[forward.length - 1]!;
      expect([...backward.flat(), ...lastPage]).toEqual(all);
    });

    it('visits every element instance exactly once when sorting by a nullable field', async () => {
      // given element instances sorted by endDate: the active ones have none
      const body = {
        filter: { processDefinitionId: 'search-grammar' },
        sort: [{ field: 'endDate', order: 'DESC' }],
      };
      // when
      const { all, forward, backward } = await walk(
        '/element-instances/search',
        body,
        (item) => item.elementInstanceKey,
      );
      // then: 4 processes, 4 start events, 4 tasks; each visited once either way
      expect(all).toHaveLength(12);
      expect(new Set(all).size).toBe(12);
      expect(forward.flat()).toEqual(all);
      expect([...backward.flat(), ...forward[forward.length - 1]!]).toEqual(all);
    });
  });
});
