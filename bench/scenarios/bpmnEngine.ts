/**
 * (b) bpmn-engine in memory, the peer of (a): the same graph in plain BPMN 2.0, one
 * Engine per instance, its service tasks completed by an environment service that
 * answers at once. The model is parsed and serialised once (the `sourceContext`
 * option, as bpmn-engine's docs show), as Relata compiles a model once at deployment.
 */
import { Engine } from 'bpmn-engine';
import * as Elements from 'bpmn-elements';
import { BpmnModdle } from 'bpmn-moddle';
import serializeContext, { TypeResolver } from 'moddle-context-serializer';
import type { Scenario } from '../harness';
import { bpmnEngineXml, TASKS } from '../processModel';

type Callback = (error: unknown, result?: unknown) => void;

export async function bpmnEngineScenario(): Promise<Scenario> {
  const moddle = await new BpmnModdle().fromXML(bpmnEngineXml());
  const sourceContext = serializeContext(moddle, TypeResolver(Elements));

  let calls = 0;
  const answerAtOnce = {
    fn(_executionContext: unknown, callback: Callback) {
      calls++;
      callback(null, {});
    },
  };

  async function runOne() {
    const engine = new Engine({ name: 'bench', sourceContext, services: answerAtOnce });
    const ended = engine.waitFor('end');
    await engine.execute();
    await ended;
  }

  return {
    id: 'b',
    label: 'bpmn-engine (one Engine per instance)',
    backend: 'memory',
    async run(count) {
      const before = calls;
      for (let i = 0; i < count; i++) await runOne();
      if (calls - before !== count * TASKS)
        throw new Error(
          `bpmn-engine called its service ${calls - before} times, not ${count * TASKS}`,
        );
    },
    async hold(count) {
      // The service keeps its callback: each instance waits at its first task.
      const pending: Callback[] = [];
      const neverAnswers = {
        fn: (_context: unknown, callback: Callback) => void pending.push(callback),
      };
      let engines: Engine[] = [];
      for (let i = 0; i < count; i++) {
        const engine = new Engine({ name: 'bench', sourceContext, services: neverAnswers });
        await engine.execute();
        engines.push(engine);
      }
      if (pending.length !== count) throw new Error(`${pending.length} of ${count} instances wait`);
      return async () => {
        for (const engine of engines) await engine.stop();
        engines = [];
        pending.length = 0;
      };
    },
    async close() {},
  };
}
