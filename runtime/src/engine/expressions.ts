/**
 * Reads element attributes that are either static or FEEL (`=…`), in the variables
 * visible from a scope. Failures come back as data; the caller turns them into incidents.
 */
import type { Expression } from '../model/CompiledDefinition';
import type { IncidentErrorType } from '../model/InstanceState';
import {
  evaluateCondition,
  evaluateDateTime,
  evaluateExpression,
  evaluateInteger,
  evaluateString,
  evaluateStringList,
} from '../feel';
import type { Execution } from './Execution';
import { defineEntry, visibleVariables } from './variables';

export interface Failure {
  ok: false;
  errorType: IncidentErrorType;
  message: string;
}
export type Outcome<T> = { ok: true; value: T } | Failure;

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = (errorType: IncidentErrorType, message: string): Failure => ({
  ok: false,
  errorType,
  message,
});

type FeelOutcome<T> = { ok: true; value: T } | { ok: false; message: string };

function lift<T>(result: FeelOutcome<T>, errorType: IncidentErrorType): Outcome<T> {
  return result.ok ? ok(result.value) : fail(errorType, result.message);
}

export class ScopeExpressions {
  private cached: Record<string, unknown> | undefined;

  constructor(
    private readonly exec: Execution,
    private readonly scopeKey: number,
  ) {}

  get variables(): Record<string, unknown> {
    return (this.cached ??= visibleVariables(this.exec, this.scopeKey));
  }

  /**
   * What FEEL sees: the variables, and `client` when the instance is bound to one. The
   * bound client wins over a variable of that name; it is never copied into variables.
   */
  private get feelContext(): Record<string, unknown> {
    const client = this.exec.context.client;
    if (!client || client.id !== this.exec.state.clientId) return this.variables;
    const context: Record<string, unknown> = Object.assign(Object.create(null), this.variables);
    defineEntry(context, 'client', client.record);
    return context;
  }

  private options() {
    return { now: this.exec.now };
  }

  value(expression: string, errorType: IncidentErrorType = 'IO_MAPPING_ERROR') {
    return lift(evaluateExpression(expression, this.feelContext, this.options()), errorType);
  }

  condition(expression: string): Outcome<boolean> {
    return lift(evaluateCondition(expression, this.feelContext, this.options()), 'CONDITION_ERROR');
  }

  string(attribute: Expression, errorType: IncidentErrorType = 'EXTRACT_VALUE_ERROR') {
    return lift(evaluateString(attribute, this.feelContext, this.options()), errorType);
  }

  /** A string attribute that may be absent or evaluate to null. */
  optionalString(attribute: Expression | undefined): Outcome<string | null> {
    if (!attribute) return ok(null);
    if (attribute.kind === 'static') return ok(attribute.value === '' ? null : attribute.value);
    const result = evaluateExpression(attribute.expression, this.feelContext, this.options());
    if (!result.ok) return fail('EXTRACT_VALUE_ERROR', result.message);
    if (result.value === null) return ok(null);
    return this.string(attribute);
  }

  integer(attribute: Expression, errorType: IncidentErrorType = 'EXTRACT_VALUE_ERROR') {
    return lift(evaluateInteger(attribute, this.feelContext, this.options()), errorType);
  }

  stringList(attribute: Expression | undefined): Outcome<string[]> {
    if (!attribute) return ok([]);
    return lift(
      evaluateStringList(attribute, this.feelContext, this.options()),
      'EXTRACT_VALUE_ERROR',
    );
  }

  dateTime(attribute: Expression | undefined): Outcome<string | null> {
    if (!attribute) return ok(null);
    if (attribute.kind === 'static' && attribute.value === '') return ok(null);
    return lift(
      evaluateDateTime(attribute, this.feelContext, this.options()),
      'EXTRACT_VALUE_ERROR',
    );
  }
}
