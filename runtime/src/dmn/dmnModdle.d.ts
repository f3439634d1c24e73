/** Types for the part of dmn-moddle 12 that the DMN parser uses: the package ships none. */
declare module 'dmn-moddle' {
  export interface DmnModdleParseResult {
    rootElement: unknown;
    elementsById: Record<string, unknown>;
    references: unknown[];
    warnings: unknown[];
  }

  export class DmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<DmnModdleParseResult>;
  }
}
