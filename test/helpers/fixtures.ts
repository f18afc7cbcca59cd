import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG, type Config } from '../../analyzer/config/schema.js';
import { walkTree } from '../../analyzer/discover/index.js';
import { createReaderContext, type ReaderContext } from '../../analyzer/manifests/index.js';
import type { Fact, FactOf } from '../../analyzer/types/index.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED = path.resolve(REPO_ROOT, '../shared');

export function fixture(...parts: string[]): string {
  return path.join(REPO_ROOT, 'fixtures', ...parts);
}

/** A reader context over a fixture folder, as the pipeline builds it. */
export function readerContext(dir: string, config: Partial<Config> = {}): ReaderContext {
  const full: Config = { ...DEFAULT_CONFIG, ...config };
  const inventory = walkTree(dir, { include: full.include, exclude: full.exclude });
  const ctx = createReaderContext(inventory, full);
  ctx.diagnostics.push(...inventory.diagnostics);
  return ctx;
}

export function factsOf<K extends Fact['kind']>(facts: readonly Fact[], kind: K): FactOf<K>[] {
  return facts.filter((f): f is FactOf<K> => f.kind === kind);
}

/** `NAME=value` pairs of one service's env facts, sorted, for compact assertions. */
export function envOf(facts: readonly Fact[], service: string): Record<string, string | null> {
  return Object.fromEntries(
    factsOf(facts, 'manifest-env')
      .filter((f) => f.service === service)
      .map((f) => [f.name, f.value] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}
