import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { loadFixture } from '../report/payloads.js';
import { browserAvailable, launch, openPage, settled, shot, violations, writeHtml } from './browser.js';

// DOM globals used inside page.evaluate callbacks, which run in the browser (the root tsconfig has no DOM lib).
declare const window: any;
declare const document: any;
declare const MouseEvent: any;
declare const PerformanceObserver: any;
declare const requestAnimationFrame: any;


const report = loadFixture('hostile-names.json');

describe.runIf(browserAvailable())('report.html with hostile names', () => {
  let browser: Browser;
  let file: string;

  beforeAll(async () => {
    browser = await launch();
    file = await writeHtml(report, 'hostile-names');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows HTML and script payloads as text and runs none of them', async () => {
    const { page, watched } = await openPage(browser, file);
    await settled(page);
    await page.evaluate(() => ((window as unknown as { pwned: boolean }).pwned = false));
    expect(await page.locator('.canvas .node').count()).toBe(report.services.length + report.datastores.length + report.channels.length);

    // Select every node, open every finding, then the written report: every string gets rendered somewhere.
    for (const id of await page.locator('.canvas .node').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')!))) {
      await page.evaluate((nodeId) => {
        const el = [...document.querySelectorAll('.canvas .node')].find((n) => n.getAttribute('data-node-id') === nodeId);
        el?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      }, id);
      await page.waitForSelector('.side-panel .details-header h2');
    }
    await page.keyboard.press('Escape');
    await page.locator('.suppressed-list summary').click();
    for (const finding of await page.locator('.side-panel .finding-main').all()) await finding.click();
    await shot(page, 'hostile-graph');
    await page.getByRole('tab', { name: 'Report' }).click();
    await page.waitForSelector('.report-doc h2');
    await shot(page, 'hostile-report');

    expect(watched.dialogs).toEqual([]);
    expect(watched.requests).toEqual([]);
    expect(await page.evaluate(() => document.querySelectorAll('img, iframe, object, embed').length)).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('[onerror], [onload], [onclick]').length)).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('script').length)).toBe(4);
    expect(await page.evaluate(() => [...document.querySelectorAll('a[href]')].filter((a) => /^\s*(javascript|data|vbscript):/i.test(a.getAttribute('href') ?? '')).length)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned: boolean }).pwned)).toBe(false);
    expect(await violations(page)).toEqual([]);

    // The payloads are there, as text.
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).toContain('<img src=x onerror=alert(1)>');
    expect(text).toContain('</script><script>alert(1)</script>');
    expect(text).toContain('"><svg onload=alert(1)>');
    expect(text).toContain('[x](javascript:alert(1))');
    expect(text).not.toContain('\u001b');
    expect(await page.title()).toBe('archreview · <img src=x onerror=alert(1)></script><script>alert(1)</script>');
    expect(watched.errors).toEqual([]);
    await page.close();
  });

  it('keeps a hostile URL hash inert', async () => {
    const { page, watched } = await openPage(browser, file, '#node=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&q=%3Csvg%20onload%3Dalert(1)%3E&tab=graph');
    await settled(page);
    expect(await page.locator('.search input').inputValue()).toBe('<svg onload=alert(1)>');
    expect(watched.dialogs).toEqual([]);
    expect(await page.evaluate(() => document.querySelectorAll('img, svg[onload]').length)).toBe(0);
    await page.close();
  });
});
