import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { loadConfig } from '../../analyzer/config/load-config.js';
import { analyze } from '../../analyzer/run.js';
import type { Report } from '../../analyzer/types/index.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { browserAvailable, launch, openPage, settled, shot, violations, writeHtml } from './browser.js';

// DOM globals used inside page.evaluate callbacks, which run in the browser (the root tsconfig has no DOM lib).
declare const window: any;
declare const document: any;
declare const MouseEvent: any;
declare const PerformanceObserver: any;
declare const requestAnimationFrame: any;


const root = path.join(REPO_ROOT, 'sample-system');

describe.runIf(browserAvailable())('the sample system in the viewer', () => {
  let browser: Browser;
  let report: Report;
  let file: string;

  beforeAll(async () => {
    browser = await launch();
    report = analyze(root, { config: loadConfig(root).config }).report;
    file = await writeHtml(report, 'sample-system');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws the analysed system and shows a service', async () => {
    const { page, watched } = await openPage(browser, file, '', { width: 1600, height: 960 });
    await settled(page);
    expect(await page.locator('.canvas .node').count()).toBe(report.services.length + report.datastores.length + report.channels.length);
    const service = report.services.find((s) => s.name === 'orders') ?? report.services.find((s) => s.kind === 'service');
    if (service) {
      await page.evaluate((id) => {
        const el = [...document.querySelectorAll('.canvas .node')].find((n) => n.getAttribute('data-node-id') === id);
        el?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      }, service.id);
      await expect.poll(() => page.locator('.side-panel h2').textContent()).toBe(service.name);
    }
    const image = await shot(page, 'sample-system-viewer');
    // The README's picture of the viewer, refreshed when ARCHREVIEW_UPDATE_DOCS=1.
    if (process.env.ARCHREVIEW_UPDATE_DOCS === '1') {
      mkdirSync(path.join(REPO_ROOT, 'docs/images'), { recursive: true });
      copyFileSync(image, path.join(REPO_ROOT, 'docs/images/viewer.png'));
    }
    expect(watched.errors).toEqual([]);
    expect(await violations(page)).toEqual([]);
    await page.close();
  });
});
