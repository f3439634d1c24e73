/**
 * What the round-trip test expects of each file under tests/fixtures/bpmn/ beyond a
 * clean round trip: the import warnings it gives, each with why that is acceptable, and
 * what bpmn-js or bpmn-moddle cannot draw or keep, each with where it comes from. A file
 * that is not listed must open without warnings, draw every shape and save without a
 * difference.
 */

export interface ExpectedWarning {
  message: string;
  /** 'reader': bpmn-moddle's, checked in Node too; 'import': bpmn-js's, counted only. */
  source: 'reader' | 'import';
  reason: string;
}

export interface KnownLoss {
  /** Matches the `path :: message` line of each difference it explains. */
  pattern: RegExp;
  /** How many differences it explains, exactly. */
  count: number;
  reason: string;
}

export interface FixtureExpectation {
  warnings?: ExpectedWarning[];
  /**
   * Shapes bpmn-js does not draw. The file's drawing test is then expected to fail
   * (it.fails) and a second test asserts that exactly these are missing.
   */
  notDrawn?: { bpmnElements: string[]; reason: string };
  /** Differences bpmn-js or bpmn-moddle cannot avoid, pinned down the same way. */
  knownLosses?: KnownLoss[];
  /** Layout differences (compareLayouts lines) bpmn-js cannot avoid, likewise. */
  layoutLosses?: KnownLoss[];
}

/**
 * Keyed by the path under tests/fixtures/bpmn/. Every file there opens, draws and saves
 * cleanly, so none has an entry; a file that bpmn-js or bpmn-moddle cannot keep whole
 * gets one, with each loss and its reason. Files from RELATA_BPMN_FIXTURES have none.
 */
export const FIXTURE_EXPECTATIONS: Record<string, FixtureExpectation> = {};
