import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { browserAvailable, launch, OUTPUT, openPage, settled, shot, violations } from '../web/browser.js';
import { hostileNames, PAYLOADS } from './generate-names.js';
import { cleanup, realDir, runArchreview, runProblem, scratch } from './harness.js';
import type { SummaryRow } from './summary.js';

// DOM globals used inside page.evaluate callbacks, which run in the browser (the root tsconfig has no DOM lib).
declare const window: any;
declare const document: any;
declare const MouseEvent: any;

/**
 * Output safety in a browser (issue 10, point 3): report.html built by the CLI from a
 * repository whose names are script, markup and escape sequences, opened in Chromium. Every
 * node is selected and every finding opened, then the written report is shown; the test fails
 * on any dialog, any request that leaves the file, any console error, any CSP violation, and
 * any element or flag the payloads would create.
 */

const rows: SummaryRow[] = [];
let browser: Browser;
let file = '';
let root = '';

describe.runIf(browserAvailable() && existsSync(CLI))('report.html of a repository with hostile names', () => {
  beforeAll(async () => {
    root = realDir(scratch('names-browser'));
    hostileNames.build(root, root);
    const run = await runArchreview(root, { timeoutMs: 120_000, formats: 'json,html' });
    expect(runProblem(run, 'json,html')).toBeNull();
    const dir = path.join(OUTPUT, 'web', 'hostile-repo');
    mkdirSync(dir, { recursive: true });
    file = path.join(dir, 'report.html');
    writeFileSync(file, run.outputs.html!);
    browser = await launch();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    if (root) cleanup(root);
  });

  it('runs none of the payloads, makes no request and logs no error', async () => {
    const started = performance.now();
    const { page, watched } = await openPage(browser, file);
    await settled(page);
    await page.evaluate(() => ((window as { pwned: unknown }).pwned = false));
    const ids = await page.locator('.canvas .node').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')!));
    expect(ids.length).toBeGreaterThan(PAYLOADS.length);
    for (const id of ids) {
      await page.evaluate((nodeId) => {
        const el = [...document.querySelectorAll('.canvas .node')].find((n: { getAttribute(name: string): string }) => n.getAttribute('data-node-id') === nodeId);
        el?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      }, id);
      await page.waitForSelector('.side-panel .details-header h2', { state: 'attached' });
    }
    await page.keyboard.press('Escape');
    for (const finding of await page.locator('.side-panel .finding-main').all()) await finding.click();
    await page.getByRole('tab', { name: 'Report' }).click();
    await page.waitForSelector('.report-doc h2');
    await page.waitForTimeout(300);
    await shot(page, 'hostile-repo-report');

    const text = await page.evaluate(() => document.body.innerText as string);
    const shown = PAYLOADS.filter((p) => text.includes(p.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/g, '').split(/\s/)[0]!)).length;
    const result = {
      dialogs: watched.dialogs,
      requests: watched.requests,
      errors: watched.errors,
      violations: await violations(page),
      pwned: await page.evaluate(() => (window as { pwned: unknown }).pwned),
      injected: await page.evaluate(() => document.querySelectorAll('img, iframe, object, embed, meta[http-equiv="refresh"], base, [onerror], [onload]').length as number),
      scripts: await page.evaluate(() => document.querySelectorAll('script').length as number),
      javascriptLinks: await page.evaluate(() => [...document.querySelectorAll('a[href]')].filter((a: { getAttribute(name: string): string | null }) => /^\s*(javascript|data|vbscript):/i.test(a.getAttribute('href') ?? '')).length),
    };
    const ok = !result.dialogs.length && !result.requests.length && !result.errors.length && !result.violations.length && result.pwned === false && result.scripts === 4 && result.javascriptLinks === 0;
    rows.push({ category: 'browser: report.html of hostile names', cases: PAYLOADS.length, outcomes: ok ? { ok: PAYLOADS.length } : { injection: PAYLOADS.length }, ms: Math.round(performance.now() - started) });
    await page.close();

    expect(result.dialogs).toEqual([]);
    expect(result.requests).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.violations).toEqual([]);
    expect(result.pwned).toBe(false);
    expect(result.scripts).toBe(4);
    expect(result.javascriptLinks).toBe(0);
    expect(result.injected).toBe(0);
    // The payloads are on the page, as text.
    expect(shown).toBeGreaterThan(PAYLOADS.length / 2);
  }, 180_000);

  it('reports the counts', ({ task }) => {
    task.meta.hostileSummary = [...rows];
  });
});
