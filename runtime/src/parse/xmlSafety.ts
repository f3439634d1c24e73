import type { ModelProblem } from '../model/CompiledDefinition';
import { scanXml } from './scanXml';

/** Bounds on a BPMN document accepted for parsing (D7). */
export interface XmlLimits {
  /** UTF-8 size in bytes; default 4 MiB */
  maxBytes: number;
  /** element nesting depth; default 200 */
  maxDepth: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxBytes: 4 * 1024 * 1024, maxDepth: 200 };

// A DTD can declare entities that expand exponentially ("billion laughs") or read
// external resources; BPMN never needs one, so any declaration is refused outright.
const DTD_DECLARATION = /<!(DOCTYPE|ENTITY)/i;

/** The UTF-8 length of a string without encoding it. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

function problem(message: string): ModelProblem {
  return { elementId: null, message };
}

/**
 * Checks a document against the limits before any parser sees it: size, DTDs and entity
 * declarations, nesting depth. Returns the problems found, empty when the XML may be parsed.
 *
 * @example
 * checkXmlSafety('<!DOCTYPE x []><x/>'); // [{ elementId: null, message: 'DTDs and entity …' }]
 */
export function checkXmlSafety(xml: string, limits: Partial<XmlLimits> = {}): ModelProblem[] {
  const { maxBytes, maxDepth } = { ...DEFAULT_XML_LIMITS, ...limits };

  // Every UTF-16 code unit is at least one byte, so a long string is rejected unmeasured.
  const bytes = xml.length > maxBytes ? xml.length : utf8ByteLength(xml);
  if (bytes > maxBytes) {
    return [problem(`the XML is larger than the limit of ${maxBytes} bytes`)];
  }

  const declaration = DTD_DECLARATION.exec(xml);
  if (declaration) {
    return [
      problem(
        `DTDs and entity declarations are not allowed (found <!${declaration[1]?.toUpperCase()})`,
      ),
    ];
  }

  if (scanXml(xml, maxDepth).depthExceeded) {
    return [problem(`the XML nests elements deeper than the limit of ${maxDepth} levels`)];
  }

  return [];
}
