// The example processes are kept exactly as the modeler saves them, so an analyst who
// opens one and deploys it unchanged gets the deployed version back, not a new one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../../../support/testServer';
import {
  signIn,
  startBrowserEnvironment,
  type BrowserEnvironment,
} from '../../support/browserEnvironment';
import { openAndSave } from '../../support/roundtrip/modelerRoundTrip';

describe('the example processes', () => {
  let env: BrowserEnvironment;
  let page: Page | undefined;

  beforeAll(async () => {
    env = await startBrowserEnvironment('browser_examples_unchanged');
    page = await env.newPage();
    await page.goto('/');
    await signIn(page);
    await page.getByText('No diagram open').waitFor();
  });
  afterAll(async () => {
    await env?.close();
  });

  it.each(['complaint-handling', 'lead-to-loyalty'])(
    '%s.bpmn saves byte for byte as it was opened',
    async (name) => {
      // given the file as it is in examples/
      const file = join(REPO, 'examples', `${name}.bpmn`);

      // when it is opened in the modeler and saved
      const { savedXml } = await openAndSave(page!, file);

      // then nothing changed
      expect(savedXml).toBe(readFileSync(file, 'utf8'));
    },
  );
});
