/**
 * A tolerant, linear scan of an XML document's element structure: where each element
 * starts and ends, its tag, its `id` and its depth. It checks nesting depth before the
 * real parser runs and lets moddle's position-only warnings be traced to an element.
 * It does not validate XML; moddle reports syntax errors.
 */

export interface XmlElementOutline {
  /** the tag name as written, prefix included */
  name: string;
  id: string | undefined;
  /** offset of the element's `<` */
  start: number;
  /** offset just past its end (`/>` or the closing tag); -1 while unclosed */
  end: number;
  /** index of the parent in `elements`, -1 for the root */
  parent: number;
}

export interface XmlOutline {
  /** in document order, so `start` increases */
  elements: XmlElementOutline[];
  maxDepth: number;
  /** set when the scan stopped at `depthLimit` */
  depthExceeded: boolean;
}

const ID_ATTRIBUTE = /\sid\s*=\s*(?:"([^"]*)"|'([^']*)')/;
const TAG_NAME = /^[^\s/>]+/;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeAttribute(value: string): string {
  return value.replace(/&(lt|gt|amp|quot|apos);/g, (_, name: string) => ENTITIES[name] ?? '');
}

/** Index of the `>` that closes the start tag opened at `from`, skipping quoted values. */
function endOfStartTag(xml: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < xml.length; i++) {
    const char = xml[i];
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '>') {
      return i;
    }
  }
  return -1;
}

function skipPast(xml: string, from: number, terminator: string): number {
  const at = xml.indexOf(terminator, from);
  return at === -1 ? -1 : at + terminator.length;
}

/**
 * Scans `xml` and stops early once an element lies deeper than `depthLimit`.
 *
 * @example
 * scanXml('<a><b id="x"/></a>').elements[1]; // { name: 'b', id: 'x', start: 3, end: 14, parent: 0 }
 */
export function scanXml(xml: string, depthLimit = Number.POSITIVE_INFINITY): XmlOutline {
  const elements: XmlElementOutline[] = [];
  const open: number[] = [];
  let maxDepth = 0;
  let i = xml.indexOf('<');

  while (i !== -1 && i < xml.length) {
    let next: number;
    if (xml.startsWith('<!--', i)) {
      next = skipPast(xml, i + 4, '-->');
    } else if (xml.startsWith('<![CDATA[', i)) {
      next = skipPast(xml, i + 9, ']]>');
    } else if (xml.startsWith('<?', i)) {
      next = skipPast(xml, i + 2, '?>');
    } else if (xml.startsWith('<!', i)) {
      next = skipPast(xml, i + 2, '>');
    } else if (xml.startsWith('</', i)) {
      next = skipPast(xml, i + 2, '>');
      const closed = open.pop();
      const element = closed === undefined ? undefined : elements[closed];
      if (element) element.end = next === -1 ? xml.length : next;
    } else {
      const close = endOfStartTag(xml, i + 1);
      if (close === -1) break;
      const tag = xml.slice(i + 1, close);
      const idMatch = ID_ATTRIBUTE.exec(tag);
      const rawId = idMatch ? (idMatch[1] ?? idMatch[2]) : undefined;
      const selfClosing = tag.endsWith('/');
      const element: XmlElementOutline = {
        name: TAG_NAME.exec(tag)?.[0] ?? '',
        id: rawId === undefined ? undefined : decodeAttribute(rawId),
        start: i,
        end: selfClosing ? close + 1 : -1,
        parent: open.at(-1) ?? -1,
      };
      elements.push(element);
      const depth = open.length + 1;
      maxDepth = Math.max(maxDepth, depth);
      if (depth > depthLimit) return { elements, maxDepth, depthExceeded: true };
      if (!selfClosing) open.push(elements.length - 1);
      next = close + 1;
    }
    if (next === -1) break;
    i = xml.indexOf('<', next);
  }

  return { elements, maxDepth, depthExceeded: false };
}

/** The innermost element whose span contains `offset`, or undefined. */
export function elementAt(outline: XmlOutline, offset: number): XmlElementOutline | undefined {
  const { elements } = outline;
  let low = 0;
  let high = elements.length - 1;
  let candidate = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((elements[middle]?.start ?? Infinity) <= offset) {
      candidate = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  for (let index = candidate; index !== -1;) {
    const element = elements[index];
    if (!element) return undefined;
    if (element.end === -1 || element.end > offset) return element;
    index = element.parent;
  }
  return undefined;
}

/** The chain of ancestors of `element`, nearest first, the element itself excluded. */
export function ancestorsOf(outline: XmlOutline, element: XmlElementOutline): XmlElementOutline[] {
  const ancestors: XmlElementOutline[] = [];
  for (let index = element.parent; index !== -1;) {
    const parent = outline.elements[index];
    if (!parent) break;
    ancestors.push(parent);
    index = parent.parent;
  }
  return ancestors;
}

/**
 * The offset of a 0-based line and column as saxen (moddle's XML reader) counts them:
 * `\r\n`, `\r` and `\n` each end a line.
 */
export function offsetOf(xml: string, line: number, column: number): number {
  const breaks = /\r\n|\r|\n/g;
  let lineStart = 0;
  for (let current = 0; current < line; current++) {
    const match = breaks.exec(xml);
    if (!match) break;
    lineStart = match.index + match[0].length;
  }
  return lineStart + column;
}
