import type { ProcessDefinition } from '../../api/processDefinitions';

/** The deployed versions of one process, newest first. */
export interface ProcessGroup {
  processDefinitionId: string;
  name: string;
  versions: ProcessDefinition[];
}

/**
 * Groups definitions by process id, by name; each group's versions newest first.
 *
 * @example
 * const [first] = processGroups(await searchProcessDefinitions());
 */
export function processGroups(definitions: readonly ProcessDefinition[]): ProcessGroup[] {
  const groups = new Map<string, ProcessDefinition[]>();
  for (const definition of definitions) {
    const group = groups.get(definition.processDefinitionId) ?? [];
    group.push(definition);
    groups.set(definition.processDefinitionId, group);
  }
  return [...groups.entries()]
    .map(([processDefinitionId, versions]) => {
      versions.sort((a, b) => b.version - a.version);
      const latest = versions[0] as ProcessDefinition;
      return { processDefinitionId, name: latest.name || processDefinitionId, versions };
    })
    .sort(
      (a, b) =>
        a.name.localeCompare(b.name) || a.processDefinitionId.localeCompare(b.processDefinitionId),
    );
}
