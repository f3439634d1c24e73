import { expect } from 'vitest';
import {
  parseSearchRequest,
  SearchQueryError,
  type SearchQueryIssue,
  type SearchSpec,
} from '../../../../server/src/search';
import { assertFerretDbCompatible } from './evaluateFilter';

/** A user-task-like resource: every field kind, a renamed key column, no `$or`. */
export const userTaskSpec: SearchSpec = {
  fields: {
    userTaskKey: { kind: 'key', column: 'key' },
    processInstanceKey: { kind: 'key' },
    state: { kind: 'enum', enumValues: ['CREATED', 'COMPLETED', 'CANCELED', 'FAILED'] },
    assignee: { kind: 'string' },
    name: { kind: 'string' },
    priority: { kind: 'int' },
    creationDate: { kind: 'date' },
    dueDate: { kind: 'date' },
    candidateGroup: { kind: 'stringArray', column: 'candidateGroups' },
  },
  sortable: ['creationDate', 'dueDate', 'priority', 'name'],
  tieBreaker: 'userTaskKey',
  maxLimit: 50,
};

/** A process-instance-like resource: takes `$or` and a boolean. */
export const processInstanceSpec: SearchSpec = {
  fields: {
    processInstanceKey: { kind: 'key' },
    processDefinitionId: { kind: 'string' },
    state: { kind: 'enum', enumValues: ['ACTIVE', 'COMPLETED', 'TERMINATED'] },
    hasIncident: { kind: 'boolean' },
    startDate: { kind: 'date' },
  },
  sortable: ['processInstanceKey', 'startDate', 'state'],
  tieBreaker: 'processInstanceKey',
  allowOr: true,
};

/** Runs `action`, expects a SearchQueryError and returns it. */
export function expectSearchError(action: () => unknown): SearchQueryError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(SearchQueryError);
    return error as SearchQueryError;
  }
  throw new Error('expected a SearchQueryError');
}

/** The pointers of a SearchQueryError's problems. */
export function pointersOf(action: () => unknown): string[] {
  return expectSearchError(action).errors.map((issue: SearchQueryIssue) => issue.pointer);
}

/** The MongoDB filter of a request with this `filter`, checked to use FerretDB operators only. */
export function filterOf(filter: unknown, spec: SearchSpec = userTaskSpec) {
  const plan = parseSearchRequest({ filter }, spec);
  assertFerretDbCompatible(plan.filter);
  return plan.filter;
}
