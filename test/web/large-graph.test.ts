import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { syntheticReport } from '../report/synthetic-report.js';
import { browserAvailable, launch, openPage, settled, shot, violations, writeHtml } from './browser.js';

// DOM globals used inside page.evaluate callbacks, which run in the browser (the root tsconfig has no DOM lib).
declare const window: any;
declare const document: any;
declare const MouseEvent: any;
declare const PerformanceObserver: any;
declare const requestAnimationFrame: any;


const report = syntheticReport({ nodes: 500, cycles: true });
const total = report.services.length + report.datastores.length + report.channels.length;

describe.runIf(browserAvailable())('a 500-node system', () => {
  let browser: Browser;
  let file: string;

  beforeAll(async () => {
    browser = await launch();
    file = await writeHtml(report, 'synthetic-500');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens grouped at once, and lays out all 500 nodes in the worker without freezing the page', async () => {
    const { page, watched } = await openPage(browser, file);
    await page.evaluate(() => {
      const w = window as unknown as { __longest: number; __tasks: number[] };
      w.__tasks = [];
      new PerformanceObserver((list: { getEntries(): { duration: number }[] }) => list.getEntries().forEach((e) => w.__tasks.push(Math.round(e.duration)))).observe({ type: 'longtask', buffered: true });
    });
    await settled(page);
    const groups = await page.locator('.canvas .node[data-kind="group"]').count();
    expect(groups).toBeGreaterThan(3);
    expect(await page.locator('.canvas .node').count()).toBe(groups);
    await shot(page, 'large-grouped');

    const started = Date.now();
    await page.getByRole('button', { name: 'Open all' }).click();
    // While the worker lays out, the page still answers: a frame gets painted promptly.
    const frame = await page.evaluate(() => new Promise<number>((resolve) => { const t = performance.now(); requestAnimationFrame(() => resolve(performance.now() - t)); }));
    await page.waitForFunction((n) => document.querySelectorAll('.canvas .node').length === n, total, { timeout: 60_000 });
    const ms = Date.now() - started;
    await settled(page);
    const tasks = await page.evaluate(() => (window as unknown as { __tasks: number[] }).__tasks);
    console.log(`500 nodes: all groups opened and laid out in ${ms} ms (worker ${await page.locator('.canvas').getAttribute('data-layout-ms')} ms); next frame after the click in ${Math.round(frame)} ms; long main-thread tasks: ${JSON.stringify(tasks)}`);
    expect(await page.locator('.canvas').getAttribute('data-layout-thread')).toBe('worker');
    expect(frame).toBeLessThan(500);
    expect(Math.max(0, ...tasks)).toBeLessThan(1500);
    await shot(page, 'large-expanded');

    await page.locator('.search input').fill('svc-0042');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.side-panel h2').textContent()).toMatch(/^svc-0042/);
    expect(watched.errors).toEqual([]);
    expect(await violations(page)).toEqual([]);
    await page.close();
  });
});
