// Files drawn in other tools open and draw in the modeler, and Save gives back every
// element, extension element, attribute and the layout: files in the dialects of Camunda
// 7 and 8, Signavio and jBPM, and a set that covers the OMG MIWG reference models' ground
// (tests/fixtures/bpmn/README.md). RELATA_BPMN_FIXTURES adds folders of other files.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, delimiter, join, resolve } from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import jbpmColorDescriptor from '../../../../designer/src/modeler/jbpmColor.json' with { type: 'json' };
import { REPO } from '../../../support/testServer';
import {
  screenshotOnFailure,
  signIn,
  startBrowserEnvironment,
  type BrowserEnvironment,
} from '../../support/browserEnvironment';
import { compareTrees, type Comparison } from '../../support/roundtrip/compareTrees';
import { compareLayouts, diagramLayout } from '../../support/roundtrip/diagramLayout';
import { openAndSave, type ModelerRoundTrip } from '../../support/roundtrip/modelerRoundTrip';
import { parseXmlTree, type XmlElement } from '../../support/roundtrip/parseXmlTree';
import { FIXTURE_EXPECTATIONS, type KnownLoss } from './roundtripFixtures';

const FIXTURES = join(REPO, 'tests', 'fixtures', 'bpmn');
/** The folders of tests/fixtures/bpmn/, one per dialect (its README lists them). */
const SOURCES = ['camunda7', 'camunda8', 'conformance', 'jbpm', 'signavio'];
const FILES = bpmnFiles(FIXTURES);
/** Folders of files kept elsewhere (a checkout of the MIWG test suite, say), ':'-separated. */
const EXTRA_FOLDERS = (process.env.RELATA_BPMN_FIXTURES ?? '')
  .split(delimiter)
  .filter((folder) => folder.trim() !== '')
  .map((folder) => resolve(folder));
/** Each file to open: under tests/fixtures/bpmn/ by its path there, others by their own. */
const CASES = [
  ...FILES.map((file) => ({ name: file, path: join(FIXTURES, file) })),
  ...EXTRA_FOLDERS.flatMap((folder) =>
    bpmnFiles(folder).map((file) => ({ name: join(folder, file), path: join(folder, file) })),
  ),
];

describe('opening and saving BPMN files from other tools', () => {
  let env: BrowserEnvironment;
  let page: Page | undefined;

  beforeAll(async () => {
    env = await startBrowserEnvironment('browser_roundtrip');
    page = await env.newPage();
    await page.goto('/');
    await signIn(page);
    await page.getByText('No diagram open').waitFor();
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach((context) => {
    // An it.fails test fails on purpose: no screenshot for it.
    if (!context.task.fails) screenshotOnFailure(context, () => page);
  });

  it('has fixtures from every source, and expectations only for files that exist', () => {
    const sources = new Set(FILES.map((file) => file.split(/[\\/]/)[0]));
    expect([...sources].sort()).toEqual(SOURCES);
    expect(Object.keys(FIXTURE_EXPECTATIONS).filter((file) => !FILES.includes(file))).toEqual([]);
  });

  describe.each(CASES)('$name', ({ name: file, path }) => {
    const expectation = FIXTURE_EXPECTATIONS[file] ?? {};
    const originalXml = readFixture(path);
    const original = parseXmlTree(originalXml);
    let roundTrip: ModelerRoundTrip;
    let saved: XmlElement;
    let comparison: Comparison;

    beforeAll(async () => {
      // given the file, opened through Open… and saved through Save
      roundTrip = await openAndSave(page!, path);
      if (roundTrip.savedXml === null) throw new Error(`not opened: ${roundTrip.openStatus}`);
      saved = parseXmlTree(roundTrip.savedXml);
      comparison = compareTrees(original, saved);
    });

    it('opens with only the listed warnings', async () => {
      const expected = expectation.warnings ?? [];
      if (expected.length) expect(roundTrip.openStatus).toMatch(/^Opened with \d+ warning/);
      else expect(roundTrip.openStatus).toBe(`Opened ${basename(file)}.`);
      expect(roundTrip.warningCount).toBe(expected.length);
      // The page shows how many; the same reader in Node says which of them are its own.
      const fromReader = expected.filter((w) => w.source === 'reader').map((w) => w.message);
      expect(await readerWarnings(originalXml)).toEqual(fromReader);
    });

    it('lists the diagrams to switch between when the file has several', () => {
      const names = switchableDiagramNames(original);
      expect(roundTrip.diagramNames).toEqual(names.length > 1 ? names : []);
    });

    it('asks nothing and is not marked as changed after Save', () => {
      expect(roundTrip.dialogs).toEqual([]);
      expect(roundTrip.unsavedAfterSave).toBe(false);
    });

    const notDrawn = expectation.notDrawn;
    const shapesInFile = diagramLayout(original)
      .filter((item) => item.kind === 'shape')
      .map((item) => item.bpmnElement)
      .sort();
    // Where bpmn-js cannot do something (roundtripFixtures.ts says what and why), the
    // full test fails until it can, and a second one pins down that nothing else is off.
    (notDrawn ? it.fails : it)(
      'draws one shape per BPMNShape in the file, on every diagram',
      () => {
        expect([...roundTrip.drawnShapeIds].sort()).toEqual(shapesInFile);
      },
    );
    if (notDrawn) {
      it('draws every shape but those bpmn-js cannot draw', () => {
        const expected = shapesInFile.filter((id) => !notDrawn.bpmnElements.includes(id));
        expect([...roundTrip.drawnShapeIds].sort()).toEqual(expected);
      });
    }

    const knownLosses = expectation.knownLosses;
    (knownLosses ? it.fails : it)('keeps every element, extension element and attribute', () => {
      expect(lines(comparison)).toEqual([]);
    });
    if (knownLosses) {
      it('loses nothing but what bpmn-js or bpmn-moddle cannot keep', () => {
        expect(unexplained(lines(comparison), knownLosses)).toEqual([]);
      });
    }

    const layoutLosses = expectation.layoutLosses;
    const layoutDifferences = () => compareLayouts(diagramLayout(original), diagramLayout(saved));
    (layoutLosses ? it.fails : it)(
      "keeps the layout: every shape's bounds and every edge's waypoints",
      () => {
        expect(layoutDifferences()).toEqual([]);
      },
    );
    if (layoutLosses) {
      it('changes no layout but what bpmn-js cannot keep', () => {
        expect(unexplained(layoutDifferences(), layoutLosses)).toEqual([]);
      });
    }
  });
});

function bpmnFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.bpmn'))
    .sort();
}

const BPMN = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const BPMNDI = 'http://www.omg.org/spec/BPMN/20100524/DI';
const SUB_PROCESSES = new Set(['subProcess', 'adHocSubProcess', 'transaction']);

/**
 * The labels the diagram switcher is to list: each BPMNDiagram's name, else its id, else
 * `Diagram <n>`, a name two share with the id beside it, leaving out the planes of
 * sub-processes, which are reached through drill-down.
 */
function switchableDiagramNames(definitions: XmlElement): string[] {
  const byId = new Map<string, XmlElement>();
  const visit = (element: XmlElement) => {
    const id = plain(element, 'id');
    if (element.ns === BPMN && id !== undefined) byId.set(id, element);
    element.children.forEach(visit);
  };
  visit(definitions);
  const diagrams = definitions.children.filter(
    (child) => child.ns === BPMNDI && child.name === 'BPMNDiagram',
  );
  const shown = diagrams.filter((diagram) => {
    const plane = diagram.children.find((child) => child.name === 'BPMNPlane');
    const element = byId.get(plane ? (plain(plane, 'bpmnElement') ?? '') : '');
    return !SUB_PROCESSES.has(element?.name ?? '');
  });
  const names = shown.map(
    (diagram, i) => plain(diagram, 'name')?.trim() || plain(diagram, 'id') || `Diagram ${i + 1}`,
  );
  return names.map((name, i) => {
    const id = plain(shown[i]!, 'id');
    return names.indexOf(name) !== names.lastIndexOf(name) && id ? `${name} (${id})` : name;
  });
}

function plain(element: XmlElement, name: string): string | undefined {
  return element.attributes.find((a) => a.ns === '' && a.name === name)?.value;
}

function lines(comparison: Comparison): string[] {
  return comparison.differences.map((d) => `${d.path} :: ${d.message}`);
}

/** The differences no known loss explains, and each known loss whose count is off. */
function unexplained(differences: string[], losses: KnownLoss[]): string[] {
  const counts = losses.map(() => 0);
  const left = differences.filter((line) => {
    const index = losses.findIndex((loss) => loss.pattern.test(line));
    if (index < 0) return true;
    counts[index]!++;
    return false;
  });
  losses.forEach((loss, i) => {
    if (counts[i] !== loss.count)
      left.push(`${loss.pattern} explains ${counts[i]}, not ${loss.count}`);
  });
  return left;
}

/** The warnings bpmn-moddle (with the packages the modeler adds) gives while reading `xml`. */
async function readerWarnings(xml: string): Promise<string[]> {
  const packages = { zeebe: zeebeDescriptor, jbpmcolor: jbpmColorDescriptor };
  const { warnings } = await new BpmnModdle(packages).fromXML(xml);
  return (warnings as { message: string }[]).map((w) => w.message.split('\n')[0]!);
}

/** A file's text in the encoding its XML declaration names (MIWG files use ISO-8859-1). */
function readFixture(file: string): string {
  const bytes = readFileSync(file);
  const declared = /^<\?xml[^>]*encoding=["']([^"']+)["']/.exec(
    bytes.subarray(0, 200).toString('latin1'),
  );
  const encoding = declared?.[1]?.toLowerCase() === 'iso-8859-1' ? 'latin1' : 'utf8';
  return bytes.toString(encoding);
}
