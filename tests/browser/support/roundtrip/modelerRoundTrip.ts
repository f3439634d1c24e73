/**
 * Drives the modeler page as a user does for one file: Open… with the file chooser, read
 * the status line and what the canvas drew (on every diagram the diagram switcher lists,
 * reached with the keyboard), then Save and read the downloaded file.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Dialog, Page } from 'playwright-core';

export interface ModelerRoundTrip {
  /** The status line after opening: `Opened x.bpmn.` or `Opened with N warning(s): …`. */
  openStatus: string;
  /** The number of import warnings the status line reports (0 when it reports none). */
  warningCount: number;
  /**
   * The business-object id of every shape drawn, labels left out: on each diagram and on
   * each collapsed sub-process's plane, reached through its drill-down button.
   */
  drawnShapeIds: string[];
  /** The diagrams the diagram switcher lists, in order; empty when it is hidden. */
  diagramNames: string[];
  /** The file the Save button downloaded; null when the file did not open. */
  savedXml: string | null;
  /** Whether the toolbar still marks the diagram as changed after Save. */
  unsavedAfterSave: boolean;
  /** Dialogs the page showed (type: message), accepted so the next file can open. */
  dialogs: string[];
}

const OPENED = /^Opened /;
const WARNINGS = /^Opened with (\d+) warning/;

/**
 * @example
 * const { savedXml } = await openAndSave(page, 'tests/fixtures/bpmn/conformance/a1-lead-intake.bpmn');
 */
export async function openAndSave(page: Page, file: string): Promise<ModelerRoundTrip> {
  const dialogs: string[] = [];
  const onDialog = (dialog: Dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.accept();
  };
  page.on('dialog', onDialog);
  try {
    return { ...(await roundTrip(page, file)), dialogs };
  } finally {
    page.off('dialog', onDialog);
  }
}

async function roundTrip(page: Page, file: string): Promise<Omit<ModelerRoundTrip, 'dialogs'>> {
  await page.goto('/modeler');
  // The whole app loads again for each file; a busy machine may take a while.
  await page
    .getByText('No diagram open')
    .waitFor({ timeout: 60_000 })
    .catch(async (error: Error) => {
      const shown = (await page.locator('body').innerText()).slice(0, 300);
      throw new Error(`${error.message}\nat ${page.url()}, showing: ${shown}`);
    });
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Open…' }).click(),
  ]);
  await chooser.setFiles(file);
  const status = page.locator('.modeler-status');
  await status.waitFor({ state: 'visible', timeout: 30_000 });
  const openStatus = (await status.textContent())?.trim() ?? '';
  if (!OPENED.test(openStatus)) {
    return {
      openStatus,
      warningCount: 0,
      drawnShapeIds: [],
      diagramNames: [],
      savedXml: null,
      unsavedAfterSave: false,
    };
  }
  const warningCount = Number(WARNINGS.exec(openStatus)?.[1] ?? 0);
  const drawnShapeIds = await shapesOnEveryPlane(page);
  const switcher = page.getByRole('combobox', { name: 'Show diagram' });
  const diagramNames = (await switcher.isVisible())
    ? (await switcher.locator('option').allTextContents()).map((name) => name.trim())
    : [];
  for (const name of diagramNames.slice(1)) {
    // Drilling down moved the focus: back to the switcher, then the next diagram.
    await switcher.focus();
    await page.keyboard.press('ArrowDown');
    await page.getByText(`Showing the diagram ${name}.`, { exact: true }).waitFor();
    drawnShapeIds.push(...(await shapesOnEveryPlane(page)));
  }

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save', exact: true }).click(),
  ]);
  if (download.suggestedFilename() !== basename(file)) {
    throw new Error(`Save downloaded ${download.suggestedFilename()}, not ${basename(file)}`);
  }
  const savedXml = await readFile(await download.path(), 'utf8');
  await page.getByText(`Saved ${basename(file)}.`).waitFor();
  const unsavedAfterSave = await page.locator('.toolbar-title.unsaved').isVisible();
  return { openStatus, warningCount, drawnShapeIds, diagramNames, savedXml, unsavedAfterSave };
}

// Evaluated in the page (the tests are compiled without the DOM's types).
/** The shapes on show, labels left out: only the plane on show is in the DOM. */
const SHAPES_ON_SHOW = `[...document.querySelectorAll('.djs-element.djs-shape[data-element-id]')]
  .map((shape) => shape.getAttribute('data-element-id'))
  .filter((id) => !id.endsWith('_label'))`;
/** The sub-processes on show whose drill-down button leads to a plane with content. */
const DRILL_DOWNS_ON_SHOW = `[...document.querySelectorAll('.djs-overlays[data-container-id] .djs-overlay')]
  .filter((overlay) => overlay.style.display !== 'none')
  .filter((overlay) => overlay.querySelector('.bjs-drilldown:not(.bjs-drilldown-empty)'))
  .map((overlay) => overlay.closest('.djs-overlays').dataset.containerId)`;
/** Whether the drill-down button of `containerId` is on show (its plane is). */
const drillDownShown = (containerId: string, shown: boolean) =>
  `[...document.querySelectorAll('.djs-overlays[data-container-id="${containerId}"] .djs-overlay')]
    .some((overlay) => overlay.style.display !== 'none' && overlay.querySelector('.bjs-drilldown'))
    === ${shown}`;

/** The shapes of the plane on show and, depth first, of every plane it drills down to. */
async function shapesOnEveryPlane(page: Page): Promise<string[]> {
  const ids = await page.evaluate<string[]>(SHAPES_ON_SHOW);
  for (const subProcessId of await page.evaluate<string[]>(DRILL_DOWNS_ON_SHOW)) {
    await page.locator(`.djs-overlays[data-container-id="${subProcessId}"] .bjs-drilldown`).click();
    await page.waitForFunction(drillDownShown(subProcessId, false));
    ids.push(...(await shapesOnEveryPlane(page)));
    // Back up one level through the breadcrumbs, as a user does.
    await page.locator('.bjs-breadcrumbs a.bjs-crumb').last().click();
    await page.waitForFunction(drillDownShown(subProcessId, true));
  }
  return ids;
}
