/**
 * Parses XML into a tree of namespace-resolved elements, so that two documents can be
 * compared regardless of the prefixes they chose. Comments, processing instructions
 * and the XML declaration are not part of the tree.
 */
import { Parser } from 'saxen';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export interface XmlAttribute {
  /** Namespace URI; '' for an unprefixed attribute. */
  ns: string;
  name: string;
  value: string;
}

export interface XmlElement {
  /** Namespace URI; '' for an element in no namespace. */
  ns: string;
  name: string;
  /** Attributes without the namespace declarations. */
  attributes: XmlAttribute[];
  children: XmlElement[];
  /** The element's own text and CDATA, concatenated and trimmed. */
  text: string;
  /** The prefixes in scope (default namespace under ''), to resolve QName values. */
  scope: ReadonlyMap<string, string>;
  line: number;
}

/**
 * @example
 * const root = parseXmlTree('<a:x xmlns:a="urn:a" y="1"/>');
 * // { ns: 'urn:a', name: 'x', attributes: [{ ns: '', name: 'y', value: '1' }], … }
 */
export function parseXmlTree(xml: string): XmlElement {
  const stack: { element: XmlElement; text: string[] }[] = [];
  let root: XmlElement | undefined;
  let failure: Error | undefined;
  const fail = (message: string, line: number) => {
    failure ??= new Error(`${message} (line ${line})`);
  };

  const parser = new Parser();
  parser.on('openTag', (qname, attrGetter, decode, selfClosing, getContext) => {
    const line = getContext().line + 1;
    const parent = stack.at(-1)?.element;
    const raw = attrGetter();
    const scope = new Map(parent?.scope ?? [['xml', XML_NS]]);
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'xmlns') scope.set('', decode(value));
      else if (key.startsWith('xmlns:')) scope.set(key.slice(6), decode(value));
    }
    const [prefix, name] = splitQName(qname);
    const ns = scope.get(prefix) ?? (prefix ? undefined : '');
    if (ns === undefined) fail(`unbound prefix '${prefix}' of <${qname}>`, line);
    const attributes: XmlAttribute[] = [];
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
      const [attributePrefix, attributeName] = splitQName(key);
      // Unprefixed attributes are in no namespace, whatever the default namespace is.
      const attributeNs = attributePrefix ? scope.get(attributePrefix) : '';
      if (attributeNs === undefined) {
        fail(`unbound prefix '${attributePrefix}' of attribute ${key} on <${qname}>`, line);
        continue;
      }
      attributes.push({ ns: attributeNs, name: attributeName, value: decode(value) });
    }
    const element: XmlElement = {
      ns: ns ?? '',
      name,
      attributes,
      children: [],
      text: '',
      scope,
      line,
    };
    if (parent) parent.children.push(element);
    else if (root) fail(`a second root element <${qname}>`, line);
    else root = element;
    if (selfClosing) return;
    stack.push({ element, text: [] });
  });
  parser.on('closeTag', (qname, _decode, selfClosing, getContext) => {
    if (selfClosing) return;
    const open = stack.pop();
    if (!open) return fail(`</${qname}> closes nothing`, getContext().line + 1);
    open.element.text = open.text.join('').trim();
  });
  parser.on('text', (value, decode) => stack.at(-1)?.text.push(decode(value)));
  parser.on('cdata', (value) => stack.at(-1)?.text.push(value));
  parser.on('error', (error, getContext) => fail(error.message, getContext().line + 1));
  parser.on('warn', (warning, getContext) => fail(warning.message, getContext().line + 1));
  parser.parse(xml);

  if (failure) throw failure;
  if (stack.length) throw new Error(`<${stack.at(-1)!.element.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

/**
 * Resolves a QName-valued attribute (such as `xsi:type="bpmn:tFormalExpression"`)
 * against the prefixes in scope on `element`: `{namespace URI}local`.
 */
export function resolveQNameValue(element: XmlElement, value: string): string {
  const [prefix, name] = splitQName(value.trim());
  const ns = element.scope.get(prefix);
  return ns === undefined ? value : `{${ns}}${name}`;
}

/** `{namespace URI}local`, the name two documents share whatever their prefixes. */
export function expandedName(item: { ns: string; name: string }): string {
  return item.ns ? `{${item.ns}}${item.name}` : item.name;
}

function splitQName(qname: string): [prefix: string, local: string] {
  const colon = qname.indexOf(':');
  return colon < 0 ? ['', qname] : [qname.slice(0, colon), qname.slice(colon + 1)];
}
