import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createHtmlReporter } from '../../analyzer/report/html-reporter.js';
import { loadViewerAssets, viewerDir } from '../../analyzer/report/html/viewer-assets.js';
import type { Report } from '../../analyzer/types/index.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

// DOM globals used inside page.evaluate callbacks, which run in the browser (the root tsconfig has no DOM lib).
declare const window: any;
declare const document: any;
declare const MouseEvent: any;
declare const PerformanceObserver: any;
declare const requestAnimationFrame: any;


/** Debian's Chromium (apt-get install chromium); playwright-core never downloads a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const OUTPUT = path.join(REPO_ROOT, 'test-output');
export const SCREENSHOTS = path.join(OUTPUT, 'screenshots');

export function browserAvailable(): boolean {
  return existsSync(CHROMIUM) && !!viewerDir();
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Writes report.html for a Report with the built viewer, as `archreview --format html` would. */
export async function writeHtml(report: Report, name: string): Promise<string> {
  const reporter = createHtmlReporter(await loadViewerAssets());
  const dir = path.join(OUTPUT, 'web', name);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'report.html');
  writeFileSync(file, reporter(report, { color: false }).file!.content);
  return file;
}

export interface Watched {
  errors: string[];
  violations: string[];
  dialogs: string[];
  requests: string[];
}

/** Opens a page that records console errors, CSP violations, dialogs and every request it makes. */
export async function openPage(browser: Browser, file: string, hash = '', viewport = { width: 1440, height: 900 }): Promise<{ page: Page; watched: Watched }> {
  const page = await browser.newPage({ viewport });
  const watched: Watched = { errors: [], violations: [], dialogs: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') watched.errors.push(m.text());
  });
  page.on('pageerror', (e) => watched.errors.push(e.message));
  page.on('dialog', (d) => {
    watched.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('file://') && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) watched.requests.push(r.url());
  });
  await page.addInitScript(() => {
    (window as unknown as { __violations: string[] }).__violations = [];
    document.addEventListener('securitypolicyviolation', (e: { violatedDirective: string; blockedURI: string }) => (window as unknown as { __violations: string[] }).__violations.push(`${e.violatedDirective}: ${e.blockedURI}`));
  });
  await page.goto(`file://${file}${hash}`);
  await page.waitForSelector('#app > *');
  return { page, watched };
}

export async function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

/** Waits until the canvas shows the layout for the current view (the worker may take a moment). */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.canvas-status'));
  await page.waitForTimeout(150);
}

export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
