/** Demo mode deploys the example processes (once: identical bytes reuse the version). */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compileBpmn } from '../../../runtime/src/compile/compileBpmn';
import type { SharedClock } from '../engine/SharedClock';
import type { DefinitionRepository } from '../storage/DefinitionRepository';
import type { DeployableProcess, DeploymentLog } from '../storage/DeploymentLog';

export const EXAMPLES_DIR = fileURLToPath(new URL('../../../examples/', import.meta.url));

/** Which groups' staff may start each example. */
const STARTABLE_BY: Record<string, string[]> = {
  'lead-to-loyalty': ['sales'],
  'complaint-handling': ['service'],
};

export async function deployExamples(
  deployments: DeploymentLog,
  definitions: DefinitionRepository,
  clock: SharedClock,
) {
  const files = (await readdir(EXAMPLES_DIR)).filter((name) => name.endsWith('.bpmn')).sort();
  const processes: DeployableProcess[] = [];
  for (const file of files) {
    const xml = await readFile(EXAMPLES_DIR + file, 'utf8');
    const result = await compileBpmn(xml);
    if (!result.ok)
      throw new Error(`example ${file} does not compile: ${JSON.stringify(result.problems)}`);
    for (const definition of result.definitions)
      processes.push({ resourceName: file, xml, definition });
  }
  const deployed = await deployments.deploy(processes, new Date(clock.now()).toISOString());
  for (const process of deployed.processes) {
    const groups = STARTABLE_BY[process.processDefinitionId];
    if (groups) await definitions.setStartableByGroups(process.processDefinitionKey, groups);
  }
  return deployed;
}
