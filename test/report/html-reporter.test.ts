import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHtmlReporter } from '../../analyzer/report/html-reporter.js';
import { fillTemplate, scriptJson } from '../../analyzer/report/html/embed.js';
import { loadViewerAssets, viewerDir } from '../../analyzer/report/html/viewer-assets.js';
import { loadFixture } from './payloads.js';
import { syntheticReport } from './synthetic-report.js';

const TEMPLATE = [
  '<html><head><title>archreview</title></head><body>',
  '<script type="application/json" id="archreview-report">null</script>',
  '<script type="application/json" id="archreview-narrative">null</script>',
  '<script type="application/json" id="archreview-layout">null</script>',
  '</body></html>',
].join('\n');

function blocks(html: string): Record<string, string> {
  return Object.fromEntries([...html.matchAll(/<script type="application\/json" id="archreview-(\w+)">([\s\S]*?)<\/script>/g)].map((m) => [m[1]!, m[2]!]));
}

describe('embedding data in the page', () => {
  it('escapes <, >, & and the JavaScript line separators, and reads back unchanged', () => {
    const value = { a: '</script><script>alert(1)</script>', b: '<!-- x -->', c: 'a&b', d: 'line\u2028break\u2029para', e: '$& $1 $$' };
    const json = scriptJson(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });

  it('fills every slot once, keeps $-patterns literal and escapes the title', () => {
    const report = loadFixture('hostile-names.json');
    const html = fillTemplate(TEMPLATE, { title: `archreview · ${report.root}`, report, narrative: '# $& `x`', layout: { key: '$1' } });
    const data = blocks(html);
    expect(JSON.parse(data.report!)).toEqual(report);
    expect(JSON.parse(data.narrative!)).toBe('# $& `x`');
    expect(JSON.parse(data.layout!)).toEqual({ key: '$1' });
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).toContain('<title>archreview · &#60;img src=x onerror=alert(1)&#62;&#60;/script&#62;&#60;script&#62;alert(1)&#60;/script&#62;</title>');
  });

  it('refuses a template without its slots', () => {
    expect(() => fillTemplate('<html></html>', { title: 't', report: {}, narrative: '', layout: null })).toThrow(/no report slot/);
  });
});

describe('report.html from the built viewer', () => {
  const dir = viewerDir();
  it('finds the built viewer (run npm run build first)', () => {
    expect(dir, 'dist/web is missing: run npm run build').toBeTruthy();
  });

  it.runIf(dir)('is one self-contained file with a strict Content-Security-Policy', async () => {
    const assets = await loadViewerAssets(dir);
    const html = createHtmlReporter(assets)(loadFixture('acme-shop.json'), { color: false }).file!.content;
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toBeTruthy();
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('worker-src blob:');
    const script = /<script type="module"[^>]*>([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(csp).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    const style = /<style[^>]*>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    const markup = html.replace(/(<script[^>]*>)[\s\S]*?<\/script>/g, '$1</script>').replace(/<style[^>]*>[\s\S]*?<\/style>/g, '');
    expect(markup.match(/<link\b|<script[^>]+\bsrc=|<img\b|<iframe\b/gi)).toBeNull();
    expect(/@import|url\(\s*['"]?(https?:|\/\/)/i.test(style)).toBe(false);
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
    expect(JSON.parse(blocks(html).report!)).toEqual(loadFixture('acme-shop.json'));
    expect(JSON.parse(blocks(html).narrative!)).toContain('## Failure-mode analysis');
  });

  it.runIf(dir)('lays out the first view in the CLI: everything for small systems, groups for 500 nodes', async () => {
    const assets = await loadViewerAssets(dir);
    const small = assets.prepareLayout(loadFixture('acme-shop.json')) as { grouped: boolean; result: { nodes: unknown[] } };
    expect(small.grouped).toBe(false);
    expect(small.result.nodes).toHaveLength(22);
    const large = syntheticReport({ nodes: 500, cycles: true });
    const started = performance.now();
    const layout = assets.prepareLayout(large) as { grouped: boolean; result: { nodes: unknown[] } };
    const ms = performance.now() - started;
    console.log(`prepareLayout, 500-node synthetic report with cycles: ${Math.round(ms)} ms, ${layout.result.nodes.length} groups`);
    expect(layout.grouped).toBe(true);
    expect(layout.result.nodes.length).toBeLessThan(60);
    expect(ms).toBeLessThan(5000);
    expect(JSON.stringify(assets.prepareLayout(large))).toBe(JSON.stringify(layout));
  });
});
