import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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

  it('draws the analysed system and shows a service with its findings', async () => {
    const { page, watched } = await openPage(browser, file, '', { width: 1600, height: 960 });
    await settled(page);
    expect(await page.locator('.canvas .node').count()).toBe(report.services.length + report.datastores.length + report.channels.length);
    const open = report.findings.filter((f) => !f.suppressed);
    expect(await page.locator('.totals .total').allTextContents()).toEqual(['error', 'warn', 'info'].map((s) => `${open.filter((f) => f.severity === s).length} ${s === 'warn' ? 'Warning' : s[0]!.toUpperCase() + s.slice(1)}`));
    const orders = report.services.find((s) => s.name === 'orders')!;
    await page.locator(`.canvas .node[data-node-id="${orders.id}"]`).click();
    await expect.poll(() => page.locator('.side-panel h2').textContent()).toBe('orders');
    const ofOrders = open.filter((f) => f.subjects.includes(orders.id));
    expect(ofOrders.length).toBeGreaterThan(0);
    expect((await page.locator('.side-panel .finding .rule').allTextContents()).sort()).toEqual(ofOrders.map((f) => f.ruleId).sort());
    expect(watched.errors).toEqual([]);
    expect(await violations(page)).toEqual([]);
    await page.close();

    // The README's picture of the viewer: a link to orders opens on its neighbourhood, with its findings beside it.
    const linked = await openPage(browser, file, `#node=${encodeURIComponent(orders.id)}`, { width: 1600, height: 960 });
    await settled(linked.page);
    expect(await linked.page.locator('.side-panel .finding').count()).toBe(ofOrders.length);
    const image = await shot(linked.page, 'sample-system-viewer');
    // Refreshed when ARCHREVIEW_UPDATE_DOCS=1.
    if (process.env.ARCHREVIEW_UPDATE_DOCS === '1') {
      mkdirSync(path.join(REPO_ROOT, 'docs/images'), { recursive: true });
      copyFileSync(image, path.join(REPO_ROOT, 'docs/images/viewer.png'));
    }
    expect(linked.watched.errors).toEqual([]);
    await linked.page.close();
  });

  /**
   * The chain the viewer should light up behind one endpoint, read from the Report as docs/reports.md
   * states it: the endpoint's own calls for certain, then every call some endpoint of each callee makes
   * (the Report does not say which endpoint a call reaches), but not a call no endpoint makes.
   */
  function expectedChain(serviceId: string, endpoint: string): { nodes: string[]; direct: string[]; possible: string[] } {
    const sync = (e: Report['edges'][number]) => e.kind === 'http' || e.kind === 'grpc';
    const codeRead = (id: string) => {
      const s = report.services.find((x) => x.id === id);
      return !!s && s.path !== null && /^(typescript|javascript)$/i.test(s.language ?? '') && (s.loc ?? 0) > 0;
    };
    const pair = (e: Report['edges'][number]) => `${e.from} -> ${e.to}`;
    const direct = report.edges.filter((e) => sync(e) && e.from === serviceId && (e.endpoints ?? []).includes(endpoint));
    const nodes = new Set([serviceId]);
    const possible = new Set<string>();
    const followed = new Set<string>();
    const queue = direct.map((e) => e.to);
    while (queue.length) {
      const id = queue.shift()!;
      nodes.add(id);
      if (followed.has(id)) continue;
      followed.add(id);
      for (const e of report.edges.filter((x) => sync(x) && x.from === id)) {
        if (e.endpoints?.length === 0 && codeRead(id)) continue;
        possible.add(pair(e));
        queue.push(e.to);
      }
    }
    const certain = direct.map(pair);
    return { nodes: [...nodes].sort(), direct: [...certain].sort(), possible: [...possible].filter((p) => !certain.includes(p)).sort() };
  }

  const highlighted = async (page: Page) => ({
    nodes: await page.locator('.canvas .node.emphasised').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')!).sort()),
    direct: await page.locator('.canvas .edge.emphasised:not(.possible)').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-from')} -> ${e.getAttribute('data-to')}`).sort()),
    possible: await page.locator('.canvas .edge.emphasised.possible').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-from')} -> ${e.getAttribute('data-to')}`).sort()),
  });

  it('highlights the synchronous chain behind one endpoint of orders, from the keyboard', async () => {
    const { page, watched } = await openPage(browser, file, '#node=service%3Aorders', { width: 1600, height: 960 });
    await settled(page);
    const receipt = 'GET /orders/:id/receipt';
    // The sample's ground truth: the receipt handler calls users three times, and nothing else synchronously.
    const calls = report.edges.filter((e) => e.from === 'service:orders' && e.kind === 'http' && e.endpoints?.includes(receipt));
    expect(calls.map((e) => e.to)).toEqual(['service:users']);
    expect(calls[0]!.locations.filter((l) => l.file.endsWith('routes/receipts.ts'))).toHaveLength(3);
    const expected = expectedChain('service:orders', receipt);
    expect(expected).toEqual({ nodes: ['service:orders', 'service:users'], direct: ['service:orders -> service:users'], possible: [] });

    const button = page.getByRole('button', { name: /^GET \/orders\/:id\/receipt/ });
    expect(await button.textContent()).toContain('→ users');
    await button.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true');
    expect(await highlighted(page)).toEqual(expected);
    expect(page.url()).toContain('chain=service%3Aorders');
    expect(page.url()).toContain(`ep=${new URLSearchParams({ x: receipt }).toString().slice(2)}`);
    expect(await page.locator('.highlight-bar').textContent()).toContain(`behind ${receipt} of orders: 1 downstream`);
    // The whole service reaches more: the endpoint's chain is not the service's.
    const whole = page.getByRole('button', { name: /synchronous chain of every call/ });
    expect(await whole.textContent()).toMatch(/\((\d+) downstream\)/);
    expect(Number((await whole.textContent())!.match(/\((\d+) downstream\)/)![1])).toBeGreaterThan(expected.nodes.length - 1);
    await shot(page, 'sample-endpoint-chain-receipt');

    // A shared link shows the same chain.
    const again = await openPage(browser, file, `#${page.url().split('#')[1]}`, { width: 1600, height: 960 });
    await settled(again.page);
    expect(await highlighted(again.page)).toEqual(expected);
    await again.page.close();

    // POST /orders: its own three calls for certain; what the callees call only as possible.
    const post = expectedChain('service:orders', 'POST /orders');
    expect(post.direct).toEqual(['service:orders -> service:inventory', 'service:orders -> service:payments', 'service:orders -> service:shipping']);
    expect(post.possible.length).toBeGreaterThan(0);
    await page.getByRole('button', { name: /^POST \/orders/ }).press(' ');
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('false');
    expect(await highlighted(page)).toEqual(post);
    await shot(page, 'sample-endpoint-chain-post');

    // Pressed again, the chain goes away; Escape clears one that is shown.
    await page.getByRole('button', { name: /^POST \/orders/ }).press('Enter');
    expect(await page.getByRole('button', { name: /^POST \/orders/ }).getAttribute('aria-pressed')).toBe('false');
    expect(await page.locator('.highlight-bar').count()).toBe(0);
    expect(page.url()).not.toContain('chain=');
    await button.press('Enter');
    expect(await page.locator('.highlight-bar').count()).toBe(1);
    await page.locator('.canvas').focus();
    await page.keyboard.press('Escape');
    expect(await page.locator('.highlight-bar').count()).toBe(0);
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    expect(page.url()).not.toContain('ep=');
    expect(watched.errors).toEqual([]);
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it('leaves out of an endpoint’s chain the calls that no endpoint of a callee makes', async () => {
    // The dashboard calls notifications; notifications calls users only from a message consumer.
    const dashboard = 'GET /api/dashboard';
    const background = report.edges.find((e) => e.from === 'service:notifications' && e.to === 'service:users' && e.kind === 'http');
    expect(background?.endpoints).toEqual([]);
    const expected = expectedChain('service:api-gateway', dashboard);
    expect(expected.nodes).toContain('service:notifications');
    expect([...expected.direct, ...expected.possible]).not.toContain('service:notifications -> service:users');
    const { page } = await openPage(browser, file, `#node=service%3Aapi-gateway&chain=service%3Aapi-gateway&ep=${encodeURIComponent(dashboard)}`, { width: 1600, height: 960 });
    await settled(page);
    expect(await page.getByRole('button', { name: /^GET \/api\/dashboard/ }).getAttribute('aria-pressed')).toBe('true');
    expect(await highlighted(page)).toEqual(expected);
    await page.close();
  });
});
