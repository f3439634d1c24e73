/**
 * Signal intermediate throw and end events: the element broadcasts its signal, with its
 * input-mapped variables, and goes on. The broadcast is a record; the server delivers it
 * once the commit stands.
 */
import { takeAllOutgoing, type Behavior } from './Behavior';
import { fail, ok, ScopeExpressions } from '../engine/expressions';

export const SignalThrowBehavior: Behavior = {
  waits: true,
  open(exec, instance, element) {
    if (!element.signal) return fail('UNKNOWN', `element '${element.id}' has no signal`);
    const name = new ScopeExpressions(exec, instance.key).string(element.signal.name);
    if (!name.ok) return name;
    const local = exec.state.variables[String(instance.key)] ?? {};
    const variables = Object.fromEntries(
      Object.entries(local).map(([variable, { value }]) => [
        variable,
        JSON.parse(value) as unknown,
      ]),
    );
    exec.records.push({
      kind: 'signal',
      signalKey: exec.nextKey(),
      signalName: name.value,
      variables,
    });
    exec.enqueue(instance.key, 'WORK_DONE');
    return ok(undefined);
  },
  selectFlows: takeAllOutgoing,
};
