/**
 * Types for the part of bpmn-moddle 10 that the parser uses: the package ships generated
 * element types (`bpmn-moddle/types`) but none for its entry point.
 */
declare module 'bpmn-moddle' {
  export interface BpmnModdleParseResult {
    rootElement: unknown;
    elementsById: Record<string, unknown>;
    references: unknown[];
    warnings: unknown[];
  }

  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<BpmnModdleParseResult>;
  }
}
