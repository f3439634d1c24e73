import type { Expression } from '../model/CompiledDefinition';

/** Whether an attribute value is a FEEL expression (Zeebe: it starts with `=`). */
export function isFeel(raw: string): boolean {
  return raw.startsWith('=');
}

/**
 * Turns an attribute value into an Expression: `=…` is FEEL without the `=` (trimmed),
 * anything else a static value kept as written.
 *
 * @example
 * toExpression('= order.total');  // { kind: 'feel', expression: 'order.total' }
 * toExpression('crm.sendOffer');  // { kind: 'static', value: 'crm.sendOffer' }
 */
export function toExpression(raw: string): Expression {
  return isFeel(raw)
    ? { kind: 'feel', expression: raw.slice(1).trim() }
    : { kind: 'static', value: raw };
}
