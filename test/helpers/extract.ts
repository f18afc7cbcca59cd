import { DEFAULT_CONFIG } from '../../analyzer/config/schema.js';
import { walkTree } from '../../analyzer/discover/index.js';
import { extractTypeScript } from '../../analyzer/extract/ts/extract-typescript.js';
import { createReaderContext } from '../../analyzer/manifests/index.js';
import { analyze } from '../../analyzer/run.js';
import type { Fact, FactOf } from '../../analyzer/types/index.js';
import { fixture } from './fixtures.js';

/** Code facts of a fixture folder, as the pipeline extracts them. */
export function extractFixture(name: string): { facts: Fact[]; diagnostics: ReturnType<typeof createReaderContext>['diagnostics'] } {
  const inventory = walkTree(fixture(name));
  const ctx = createReaderContext(inventory, DEFAULT_CONFIG);
  const { facts } = extractTypeScript(inventory.files, (rel) => ctx.read(rel), ctx.diagnostics);
  return { facts, diagnostics: ctx.diagnostics };
}

export function only<K extends Fact['kind']>(facts: readonly Fact[], kind: K): FactOf<K>[] {
  return facts.filter((f): f is FactOf<K> => f.kind === kind);
}

/** The whole analysis of a fixture folder, links included. */
export function analyzeFixture(name: string) {
  return analyze(fixture(name), { config: DEFAULT_CONFIG });
}

/** Compact view of linked calls: `file:line library METHOD → target (timeout) flags`. */
export function callLines(links: ReturnType<typeof analyze>['links']): string[] {
  return links.calls.map((c) => {
    const timeout = c.timeout.ms === null ? `no timeout (${c.timeout.from})` : `${c.timeout.ms}ms ${c.timeout.from}`;
    const flags = [c.hardcoded ? 'hardcoded' : '', c.retry ? `retry×${c.retry.attempts ?? '?'}${c.retry.backoff ? ' backoff' : ''}` : '', c.undeclaredEnv ? `undeclared ${c.undeclaredEnv}` : ''].filter(Boolean).join(' ');
    return `${c.location.file}:${c.location.line} ${c.library} ${c.method ?? '*'} → ${c.target ?? 'unresolved'} (${timeout})${flags ? ` ${flags}` : ''}`;
  });
}
