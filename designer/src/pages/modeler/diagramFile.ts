/** Names of the files a diagram is saved, exported and deployed as. */

const DEPLOYABLE = /\.(bpmn|xml)$/i;

/**
 * The resource name a diagram is saved and deployed under: the name it was opened with
 * when that is a `.bpmn`/`.xml` name, else `<processId>.bpmn`.
 *
 * @example
 * resourceName(null, 'complaint-intake'); // 'complaint-intake.bpmn'
 */
export function resourceName(openedAs: string | null, processId: string | undefined): string {
  const base = openedAs?.split(/[\\/]/).pop()?.trim();
  if (base && DEPLOYABLE.test(base)) return base;
  if (base) return `${base}.bpmn`;
  return `${safeName(processId) || 'diagram'}.bpmn`;
}

/** The SVG export's name beside a resource name: `complaint-intake.bpmn` → `complaint-intake.svg`. */
export function svgName(resource: string): string {
  return `${resource.replace(DEPLOYABLE, '')}.svg`;
}

/**
 * A deploy problem's message without what the UI shows beside it anyway: the server
 * prefixes `<resource>: '<elementId>' (<type>): `.
 *
 * @example
 * problemText("a.bpmn: 'Wait_1' (bpmn:IntermediateCatchEvent): conditional … not supported yet", 'a.bpmn', 'Wait_1');
 * // 'conditional … not supported yet'
 */
export function problemText(message: string, resource: string, elementId?: string | null): string {
  let text = message.startsWith(`${resource}: `) ? message.slice(resource.length + 2) : message;
  if (elementId) {
    const prefix = `'${elementId}'`;
    if (text.startsWith(prefix)) {
      text = text
        .slice(prefix.length)
        .replace(/^ \([^)]*\)/, '')
        .replace(/^: /, '');
    }
  }
  return text;
}

function safeName(name: string | undefined): string {
  return (name ?? '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
}
