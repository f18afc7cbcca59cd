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


const report = loadFixture('acme-shop.json');
const nodeCount = report.services.length + report.datastores.length + report.channels.length;

describe.runIf(browserAvailable())('report.html in Chromium from file://', () => {
  let browser: Browser;
  let file: string;

  beforeAll(async () => {
    browser = await launch();
    file = await writeHtml(report, 'acme-shop');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws every node of the report, offline, with no CSP violation or error', async () => {
    const { page, watched } = await openPage(browser, file);
    await settled(page);
    expect(await page.locator('.canvas .node').count()).toBe(nodeCount);
    expect(await page.locator('.canvas .edge').count()).toBeGreaterThan(0);
    expect(await page.locator('.canvas .badge').count()).toBeGreaterThan(0);
    await shot(page, 'acme-graph');
    expect(watched.requests).toEqual([]);
    expect(watched.errors).toEqual([]);
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it('shows a clicked service with its findings and evidence, and highlights a finding', async () => {
    const { page, watched } = await openPage(browser, file);
    await settled(page);
    await page.locator('.canvas .node[data-node-id="service:orders"]').click();
    const panel = page.locator('.side-panel');
    await expect.poll(() => panel.locator('h2').textContent()).toBe('orders');
    const expected = report.findings.filter((f) => !f.suppressed && f.subjects.includes('service:orders')).length;
    expect(await panel.locator('.finding').count()).toBe(expected);
    expect(await panel.locator('.finding .rule').allTextContents()).toContain('sync-cycle');
    expect(await panel.locator('.finding .evidence code').allTextContents()).toContain('services/orders/src/clients/payments.ts:9');
    expect(await panel.locator('.endpoints li').count()).toBe(5);
    expect(await panel.getByRole('heading', { name: /Calls/ }).count()).toBe(1);
    expect(page.url()).toContain('node=service%3Aorders');
    await shot(page, 'acme-node-orders');

    await panel.locator('.finding[data-finding] .finding-main', { hasText: 'sync-cycle' }).click();
    await expect.poll(() => page.locator('.canvas .node.emphasised').count()).toBe(2);
    const emphasised = await page.locator('.canvas .node.emphasised').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')).sort());
    expect(emphasised).toEqual(['service:orders', 'service:payments']);
    expect(await page.locator('.canvas .edge.emphasised').count()).toBe(2);
    expect(await page.locator('.canvas .node.dimmed').count()).toBe(nodeCount - 2);
    expect(page.url()).toMatch(/finding=f\d+/);
    await shot(page, 'acme-finding-highlight');
    expect(watched.errors).toEqual([]);
    await page.close();
  });

  it('filters infrastructure and edge kinds, relaying out off the main thread', async () => {
    const { page, watched } = await openPage(browser, file);
    await settled(page);
    const before = await page.locator('.canvas').getAttribute('data-layout-key');
    await page.getByLabel(/Hide infrastructure/).check();
    await settled(page);
    await expect.poll(() => page.locator('.canvas').getAttribute('data-layout-key')).not.toBe(before);
    const infra = report.datastores.length + report.channels.length + report.services.filter((s) => s.kind === 'service' && s.thirdParty).length;
    expect(await page.locator('.canvas .node').count()).toBe(nodeCount - infra);
    expect(await page.locator('.canvas .node[data-kind="datastore"], .canvas .node[data-kind="channel"]').count()).toBe(0);
    await page.locator('input[data-edge-kind="http"]').uncheck();
    expect(await page.locator('.canvas .edge[data-edge-kinds="http"]').count()).toBe(0);
    expect(await page.locator('.canvas .edge[data-edge-kinds="grpc"]').count()).toBeGreaterThan(0);
    expect(page.url()).toContain('infra=hide');
    expect(page.url()).toMatch(/edges=grpc%2C|edges=grpc,/);
    await shot(page, 'acme-filtered');
    await page.locator('input[data-severity="info"]').uncheck();
    expect(await page.locator('.canvas .badge[data-severity="info"]').count()).toBe(0);
    expect(watched.errors).toEqual([]);
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it('searches, selects the match and keeps the view in the URL', async () => {
    const { page } = await openPage(browser, file);
    await settled(page);
    await page.keyboard.press('/');
    await page.keyboard.type('invent');
    await expect.poll(() => page.locator('.search-results [role=option]').first().textContent()).toContain('inventory');
    await expect.poll(() => page.locator('.canvas .node.emphasised').count()).toBe(1);
    await shot(page, 'acme-search');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.side-panel h2').textContent()).toBe('inventory');
    const url = page.url();
    expect(url).toContain('node=service%3Ainventory');
    expect(url).toContain('q=invent');

    const again = await openPage(browser, file, `#${url.split('#')[1]}`);
    await settled(again.page);
    expect(await again.page.locator('.side-panel h2').textContent()).toBe('inventory');
    expect(await again.page.locator('.search input').inputValue()).toBe('invent');
    await again.page.close();
    await page.close();
  });

  it('can be used from the keyboard: nodes are buttons, the canvas zooms, Escape clears', async () => {
    const { page } = await openPage(browser, file);
    await settled(page);
    await page.locator('.canvas .node[data-node-id="service:users"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.side-panel h2').textContent()).toBe('users');
    await page.locator('.canvas').focus();
    const zoom = Number(await page.locator('.canvas').getAttribute('data-zoom'));
    await page.keyboard.press('+');
    expect(Number(await page.locator('.canvas').getAttribute('data-zoom'))).toBeGreaterThan(zoom);
    await page.keyboard.press('0');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.side-panel h2').textContent()).toBe('Findings');
    await page.close();
  });

  it('highlights the synchronous chain behind a service’s endpoints', async () => {
    const { page } = await openPage(browser, file, '#node=gateway%3Aapi-gateway');
    await settled(page);
    // This Report predates endpoint tags on edges: its endpoints are a plain list, and the panel says why.
    expect(report.edges.some((e) => e.endpoints !== undefined)).toBe(false);
    expect(await page.locator('.side-panel .endpoints li').count()).toBeGreaterThan(0);
    expect(await page.locator('.side-panel .endpoints button').count()).toBe(0);
    expect(await page.locator('.side-panel .note').textContent()).toContain('does not say which endpoint');
    await page.getByRole('button', { name: /synchronous chain/ }).click();
    const chain = await page.locator('.canvas .node.emphasised').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')).sort());
    expect(chain).toEqual(['external:stripe', 'gateway:api-gateway', 'service:catalog', 'service:inventory', 'service:keycloak', 'service:orders', 'service:payments', 'service:users']);
    expect(page.url()).toContain('chain=gateway%3Aapi-gateway');
    await shot(page, 'acme-sync-chain');
    await page.close();
  });

  it('renders the written report with its diagram, and prints it as a clean document', async () => {
    const { page, watched } = await openPage(browser, file, '#tab=report');
    await page.waitForSelector('.report-doc h2');
    expect(await page.locator('.report-doc h2').allTextContents()).toEqual([
      'Summary',
      'Current state',
      'Inventory',
      'Findings',
      'Failure-mode analysis',
      'Production checklist',
      'Split-or-stay scorecard',
      'Prioritized recommendations',
      'Migration sequence',
      'Appendix',
    ]);
    await page.waitForSelector('.static-graph .node');
    expect(await page.locator('.static-graph .node').count()).toBe(nodeCount);
    await page.getByRole('link', { name: 'scorecard' }).first().click();
    expect(page.url()).toContain('tab=report');
    await shot(page, 'acme-report');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.topbar').isVisible()).toBe(false);
    expect(await page.locator('.report-doc').isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4', path: `${process.cwd()}/test-output/screenshots/acme-report.pdf` });
    expect(pdf.length).toBeGreaterThan(50_000);
    expect(watched.errors).toEqual([]);
    expect(await violations(page)).toEqual([]);
    await page.close();
  });
});
