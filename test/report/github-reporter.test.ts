import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, githubReporter } from '../../analyzer/report/github-reporter.js';
import { emptyReport, loadFixture } from './payloads.js';

describe('github reporter', () => {
  it('prints one annotation per open finding and a summary line', () => {
    const out = githubReporter(loadFixture('acme-shop.json'), { color: false });
    expect(out.file).toBeUndefined();
    const lines = out.stdout!.trimEnd().split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[0]).toBe('::info file=services/orders/src/cache.ts,line=18,title=archreview cache-without-ttl::orders caches product prices in redis without an expiry.'.replace('::info', '::notice'));
    expect(lines).toContain('::error file=services/orders/src/clients/payments.ts,line=9,title=archreview sync-cycle::orders and payments call each other synchronously: orders → payments → orders.');
    expect(lines).toContain('::warning file=services/orders/src/clients/inventory.ts,line=14,col=3,title=archreview missing-timeout::HTTP call to inventory has no timeout; a slow inventory holds the order request open.');
    expect(lines.at(-1)).toBe('archreview: 11 open findings (2 error, 6 warning, 3 info), 2 suppressed');
  });

  it('says so when there is nothing', () => {
    expect(githubReporter(emptyReport(), { color: false }).stdout).toBe('archreview: no open findings\n');
  });

  it('escapes messages and properties so nothing can end a command or start another', () => {
    expect(escapeData('50%\nnext\r::error::x')).toBe('50%25%0Anext::error::x');
    expect(escapeProperty('a:b,c\nd')).toBe('a%3Ab%2Cc%0Ad');
    const lines = githubReporter(loadFixture('hostile-names.json'), { color: false }).stdout!.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    for (const line of lines.slice(0, -1)) {
      expect(line).toMatch(/^::(error|warning|notice) /);
      expect(line).not.toMatch(/[\u0000-\u001f\u007f\u2028\u2029]/);
      const [, props] = /^::\w+ ([^:]*)::/.exec(line) ?? [];
      expect(props?.split(',').every((p) => /^(file|line|col|title)=/.test(p))).toBe(true);
    }
  });
});
