/**
 * Error end events throw their error to the nearest catcher (`engine/throwEvents.ts`),
 * which ends the scope the event is in. An error nobody catches is an incident on the
 * event, `UNHANDLED_ERROR_EVENT`, as in Zeebe.
 */
import type { Behavior } from './Behavior';
import { fail, ok, ScopeExpressions } from '../engine/expressions';
import { throwFrom } from '../engine/throwEvents';

export const ErrorThrowBehavior: Behavior = {
  waits: true,
  open(exec, instance, element) {
    if (!element.thrown) return fail('UNKNOWN', `element '${element.id}' throws nothing`);
    const code = new ScopeExpressions(exec, instance.key).string(element.thrown.code);
    if (!code.ok) return code;
    const thrown = { kind: 'error' as const, code: code.value, message: '', variables: {} };
    return throwFrom(exec, instance, thrown);
  },
  selectFlows: () => ok([]),
};
