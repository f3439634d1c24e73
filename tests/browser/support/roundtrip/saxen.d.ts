// The part of saxen's API (a dependency of bpmn-moddle, which ships no types) that
// parseXmlTree uses: the plain, non-namespaced mode.
declare module 'saxen' {
  type DecodeEntities = (value: string) => string;
  type GetContext = () => { line: number; column: number; data: string };

  interface ParserHooks {
    openTag: (
      elementName: string,
      attrGetter: () => Record<string, string>,
      decodeEntities: DecodeEntities,
      selfClosing: boolean,
      getContext: GetContext,
    ) => void;
    closeTag: (
      elementName: string,
      decodeEntities: DecodeEntities,
      selfClosing: boolean,
      getContext: GetContext,
    ) => void;
    text: (value: string, decodeEntities: DecodeEntities, getContext: GetContext) => void;
    cdata: (value: string, getContext: GetContext) => void;
    error: (error: Error, getContext: GetContext) => void;
    warn: (warning: Error, getContext: GetContext) => void;
  }

  export class Parser {
    on<K extends keyof ParserHooks>(event: K, hook: ParserHooks[K]): this;
    parse(xml: string): this;
  }
}
