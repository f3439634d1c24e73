import { describe, expect, it } from 'vitest';
import { matches } from './evaluateFilter';
import { expectSearchError, filterOf, pointersOf, processInstanceSpec } from './searchFixtures';

const tasks = [
  {
    key: '101',
    name: 'Call ACME',
    assignee: 'anna',
    state: 'CREATED',
    priority: 50,
    candidateGroups: ['sales', 'support'],
  },
  {
    key: '102',
    name: 'Call 1.5 (beta)',
    assignee: null,
    state: 'COMPLETED',
    priority: 10,
    candidateGroups: ['support'],
  },
  { key: '103', name: 'Send offer', state: 'CANCELED', priority: 90, candidateGroups: [] },
];

function keysMatching(filter: unknown): string[] {
  const mongoFilter = filterOf(filter);
  return tasks.filter((task) => matches(task, mongoFilter)).map((task) => task.key);
}

describe('buildFieldCondition: string fields', () => {
  it('treats a plain value as $eq', () => {
    // given / when
    const filter = filterOf({ assignee: 'anna' });

    // then
    expect(filter).toEqual({ assignee: { $eq: 'anna' } });
    expect(keysMatching({ assignee: 'anna' })).toEqual(['101']);
  });

  it('translates $eq, $neq, $in and $notIn', () => {
    // given / when / then
    expect(filterOf({ name: { $eq: 'Send offer' } })).toEqual({ name: { $eq: 'Send offer' } });
    expect(keysMatching({ assignee: { $neq: 'anna' } })).toEqual(['102', '103']);
    expect(keysMatching({ name: { $in: ['Send offer', 'Call ACME'] } })).toEqual(['101', '103']);
    expect(keysMatching({ name: { $notIn: ['Send offer'] } })).toEqual(['101', '102']);
  });

  it('treats $exists false as null or missing and $exists true as having a value', () => {
    // given / when / then
    expect(filterOf({ assignee: { $exists: true } })).toEqual({ assignee: { $ne: null } });
    expect(keysMatching({ assignee: { $exists: true } })).toEqual(['101']);
    expect(keysMatching({ assignee: { $exists: false } })).toEqual(['102', '103']);
  });

  it('translates $like into an anchored regex with literal metacharacters', () => {
    // given / when / then
    expect(filterOf({ name: { $like: 'Call*' } })).toEqual({ name: { $regex: '^Call[\\s\\S]*$' } });
    expect(keysMatching({ name: { $like: 'Call*' } })).toEqual(['101', '102']);
    expect(keysMatching({ name: { $like: '*1.5 (beta)' } })).toEqual(['102']);
    expect(keysMatching({ name: { $like: 'Call ?CME' } })).toEqual(['101']);
    expect(keysMatching({ name: { $like: 'Call.*' } })).toEqual([]);
  });

  it('ANDs several operators on one field', () => {
    // given / when
    const filter = filterOf({ name: { $like: 'Call*', $neq: 'Call ACME' } });

    // then
    expect(filter).toEqual({
      $and: [{ name: { $regex: '^Call[\\s\\S]*$' } }, { name: { $ne: 'Call ACME' } }],
    });
    expect(keysMatching({ name: { $like: 'Call*', $neq: 'Call ACME' } })).toEqual(['102']);
  });

  it('rejects oversized lists, a non-boolean $exists and patterns with too many wildcards', () => {
    // given
    const filter = {
      name: {
        $in: Array.from({ length: 1001 }, (_, index) => `n${index}`),
        $like: '*a*b*c*d*e*f*g*h*i',
      },
      assignee: { $exists: 'yes', $notIn: 'anna' },
    };

    // when / then
    expect(pointersOf(() => filterOf(filter))).toEqual([
      '/filter/name/$in',
      '/filter/name/$like',
      '/filter/assignee/$exists',
      '/filter/assignee/$notIn',
    ]);
    expect(filterOf({ name: { $in: Array.from({ length: 1000 }, () => 'n') } })).toHaveProperty(
      'name.$in',
    );
  });

  it('stores nothing for null values and empty operator objects', () => {
    // given / when / then
    expect(filterOf({ assignee: null, name: {}, priority: { $eq: null } })).toEqual({});
  });
});

describe('buildFieldCondition: keys, integers and dates', () => {
  it('maps an API key field to its stored column', () => {
    // given / when / then
    expect(filterOf({ userTaskKey: '101' })).toEqual({ key: { $eq: '101' } });
    expect(filterOf({ userTaskKey: { $in: ['101', '-2'] } })).toEqual({
      key: { $in: ['101', '-2'] },
    });
    expect(filterOf({ userTaskKey: { $notIn: ['101'] } })).toEqual({ key: { $nin: ['101'] } });
  });

  it('accepts a key sent as a safe JSON integer and stores it as a string', () => {
    // given / when / then
    expect(filterOf({ processInstanceKey: 2251799813685249 })).toEqual({
      processInstanceKey: { $eq: '2251799813685249' },
    });
  });

  it('rejects keys that are not strings of digits', () => {
    // given / when / then
    expect(pointersOf(() => filterOf({ userTaskKey: 'abc' }))).toEqual(['/filter/userTaskKey']);
    expect(pointersOf(() => filterOf({ userTaskKey: '1'.repeat(26) }))).toEqual([
      '/filter/userTaskKey',
    ]);
    expect(pointersOf(() => filterOf({ userTaskKey: { $like: '1*' } }))).toEqual([
      '/filter/userTaskKey/$like',
    ]);
  });

  it('translates integer ranges', () => {
    // given
    const range = { priority: { $gte: 10, $lt: 90 } };

    // when
    const filter = filterOf(range);

    // then
    expect(filter).toEqual({ $and: [{ priority: { $gte: 10 } }, { priority: { $lt: 90 } }] });
    expect(keysMatching(range)).toEqual(['101', '102']);
    expect(keysMatching({ priority: { $gt: 50, $lte: 90 } })).toEqual(['103']);
    expect(keysMatching({ priority: { $in: [10, 90] } })).toEqual(['102', '103']);
  });

  it('rejects non-integers and integers that are not safe', () => {
    // given
    const filter = { priority: { $gt: 1.5, $lt: '10', $in: [2 ** 53] } };

    // when
    const error = expectSearchError(() => filterOf(filter));

    // then
    expect(error.errors.map((issue) => issue.pointer)).toEqual([
      '/filter/priority/$gt',
      '/filter/priority/$lt',
      '/filter/priority/$in/0',
    ]);
  });

  it('normalises dates to UTC ISO strings so that string comparison orders them', () => {
    // given
    const filter = {
      creationDate: { $gte: '2024-03-01T10:00:00+02:00', $lt: '2024-03-02t00:00:00z' },
    };

    // when / then
    expect(filterOf(filter)).toEqual({
      $and: [
        { creationDate: { $gte: '2024-03-01T08:00:00.000Z' } },
        { creationDate: { $lt: '2024-03-02T00:00:00.000Z' } },
      ],
    });
    expect(filterOf({ dueDate: '2024-03-01T10:00:00.123456Z' })).toEqual({
      dueDate: { $eq: '2024-03-01T10:00:00.123Z' },
    });
  });

  it('rejects invalid and impossible dates', () => {
    // given
    const filter = {
      creationDate: { $gt: '2024-02-30T00:00:00Z', $lt: 'yesterday' },
      dueDate: { $in: ['2024-01-01', '2024-01-01T25:00:00Z'] },
    };

    // when / then
    expect(pointersOf(() => filterOf(filter))).toEqual([
      '/filter/creationDate/$gt',
      '/filter/creationDate/$lt',
      '/filter/dueDate/$in/0',
      '/filter/dueDate/$in/1',
    ]);
  });
});

describe('buildFieldCondition: enums, booleans and arrays', () => {
  it('accepts enum values in any casing and stores the canonical one', () => {
    // given / when / then
    expect(filterOf({ state: 'created' })).toEqual({ state: { $eq: 'CREATED' } });
    expect(filterOf({ state: { $in: ['Completed', 'canceled'] } })).toEqual({
      state: { $in: ['COMPLETED', 'CANCELED'] },
    });
    expect(keysMatching({ state: { $like: 'c*d' } })).toEqual(['101', '102', '103']);
  });

  it('rejects an unknown enum value naming the allowed ones', () => {
    // given / when
    const error = expectSearchError(() => filterOf({ state: { $neq: 'DONE' } }));

    // then
    expect(error.errors).toEqual([
      {
        pointer: '/filter/state/$neq',
        message: "Filter 'state': 'DONE' is not one of CREATED, COMPLETED, CANCELED, FAILED.",
      },
    ]);
  });

  it('takes booleans only as plain booleans', () => {
    // given / when / then
    expect(filterOf({ hasIncident: false }, processInstanceSpec)).toEqual({
      hasIncident: { $eq: false },
    });
    expect(pointersOf(() => filterOf({ hasIncident: 'true' }, processInstanceSpec))).toEqual([
      '/filter/hasIncident',
    ]);
    expect(pointersOf(() => filterOf({ hasIncident: { $eq: true } }, processInstanceSpec))).toEqual(
      ['/filter/hasIncident'],
    );
  });

  it('matches a string array field when it contains the value', () => {
    // given / when / then
    expect(filterOf({ candidateGroup: 'sales' })).toEqual({
      candidateGroups: { $elemMatch: { $eq: 'sales' } },
    });
    expect(keysMatching({ candidateGroup: 'support' })).toEqual(['101', '102']);
    expect(keysMatching({ candidateGroup: { $neq: 'sales' } })).toEqual(['102', '103']);
    expect(keysMatching({ candidateGroup: { $in: ['sales', 'nobody'] } })).toEqual(['101']);
    expect(keysMatching({ candidateGroup: { $notIn: ['support'] } })).toEqual(['103']);
    expect(keysMatching({ candidateGroup: { $like: 'sal*' } })).toEqual(['101']);
  });
});
