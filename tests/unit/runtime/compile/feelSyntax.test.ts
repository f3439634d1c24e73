import { describe, expect, it } from 'vitest';
import { toExpression } from '../../../../runtime/src/compile/expressions';
import { feelSyntaxError } from '../../../../runtime/src/compile/feelSyntax';

describe('feelSyntaxError', () => {
  it('accepts well-formed FEEL, including Camunda backtick names', () => {
    // given / when / then
    expect(feelSyntaxError('amount > 100 and customer.vip')).toBeUndefined();
    expect(feelSyntaxError('some x in [1, 2] satisfies x > 1')).toBeUndefined();
    expect(feelSyntaxError('`order total` > 5')).toBeUndefined();
  });

  it('describes where an expression breaks', () => {
    // given / when / then
    expect(feelSyntaxError('amount >')).toBe('the expression ends too early');
    expect(feelSyntaxError('x = "open')).toBe(`unexpected '"open' at position 5`);
  });
});

describe('toExpression', () => {
  it('strips the = of a FEEL expression and keeps static values as written', () => {
    // given / when / then
    expect(toExpression('= order.total ')).toEqual({ kind: 'feel', expression: 'order.total' });
    expect(toExpression(' crm.sendOffer')).toEqual({ kind: 'static', value: ' crm.sendOffer' });
  });
});
