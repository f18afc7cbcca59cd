import path from 'node:path';
import { DEFAULT_LIMITS, type Config } from './config/schema.js';
import { gitHead, walkTree, type Inventory } from './discover/index.js';
import { analyzerSalt, fileHash, hashOf, openCache, type CacheStore } from './extract/cache-store.js';
import { readGitHistory } from './extract/git-history.js';
import type { LineCount } from './extract/source-stats.js';
import type { FileExtraction } from './extract/ts/extract-typescript.js';
import type { AnalyzeOptions } from './run.js';
import type { Diagnostic, GitHistory, Report } from './types/index.js';
import { toolVersion } from './version.js';

/*
 * The CLI's way into the analyzer: `analyzeReport`, the rules registry and the baseline
 * functions. It loads the pipeline (`run.ts`, and with it the TypeScript compiler) only when
 * the cache cannot answer, so a run on an unchanged folder does not pay for loading code it
 * does not need.
 */

export { RULES } from '../rules/index.js';
export { cacheDirFor } from './extract/cache-store.js';
export { baselineFromReport, compareToBaseline, limitToFiles, parseBaseline, serializeBaseline, withoutEntries } from './engine/baseline.js';

/** What the cache did in one run of `analyzeReport`. */
export interface CacheUse {
  dir: string;
  /** `hit`: nothing in the folder or the settings changed, the previous report was used. */
  report: 'hit' | 'miss';
  /** Source files whose facts (and line counts) came from the cache, and those read again. */
  files: { hits: number; misses: number };
}

export interface ReportRun {
  report: Report;
  timings: [string, number][];
  cache: CacheUse | null;
}

export type Timer = ((name: string) => void) & { timings: [string, number][] };

export function phaseTimer(onPhase?: (phase: string) => void): Timer {
  const timings: [string, number][] = [];
  let current: { name: string; start: number } | null = null;
  const phase = (name: string): void => {
    const now = performance.now();
    if (current) timings.push([current.name, Math.round(now - current.start)]);
    current = { name, start: now };
    onPhase?.(name);
  };
  return Object.assign(phase, { timings });
}

/** What `analyzeReport` prepares before the pipeline: the file list, history, and the per-file caches. */
export interface Prepared {
  inventory: Inventory;
  history: { value: GitHistory | null; diagnostics: Diagnostic[] };
  contentHash?: (rel: string) => string | undefined;
  facts?: CacheStore<FileExtraction>;
  lines?: CacheStore<LineCount>;
}

/** The files of `root` the config includes, within its limits. */
export function discover(root: string, config: Config): Inventory {
  const limits = { ...DEFAULT_LIMITS, ...config.limits };
  return walkTree(root, { include: config.include, exclude: config.exclude, maxFiles: limits.maxFiles, maxFileBytes: limits.maxFileBytes });
}

/** A stored report: the key it was made for, the files it read beyond the file list with their hashes, the JSON. */
interface StoredReport {
  outside: [string, string][];
  json: string;
}

const CONTENT_HASH = /^[0-9a-f]{64}$/;

/**
 * The report of `root`, for the CLI. With `cacheDir`, a run on a folder where no file, no
 * setting, no commit and no tag changed returns the previous run's report without analyzing
 * again, and otherwise only files whose content changed are parsed again (facts and line
 * counts of the others come from the cache). Cached and uncached runs give the same report.
 */
export async function analyzeReport(root: string, options: AnalyzeOptions & { cacheDir?: string | null }): Promise<ReportRun> {
  const { cacheDir } = options;
  if (!cacheDir) {
    const { analyze } = await import('./run.js');
    const { report, timings } = analyze(root, options);
    return { report: asJson(report), timings, cache: null };
  }
  const { config } = options;
  const phase = phaseTimer(options.onPhase);
  phase('discovering files');
  const inventory = discover(root, config);
  const { maxFileBytes } = { ...DEFAULT_LIMITS, ...config.limits };
  phase('checking the cache');
  const hashes = new Map(inventory.files.map((f) => [f.path, fileHash(f.abs, maxFileBytes)]));
  const historyDiagnostics: Diagnostic[] = [];
  const history = readGitHistory(root, config.history, historyDiagnostics);
  const salt = analyzerSalt();
  const key = hashOf(
    toolVersion(),
    JSON.stringify(config),
    path.basename(path.resolve(root)),
    gitHead(root) ?? '',
    JSON.stringify(history),
    JSON.stringify(historyDiagnostics),
    JSON.stringify(inventory.diagnostics),
    ...inventory.files.map((f) => `${f.path}\u0000${f.category}\u0000${f.language ?? ''}\u0000${hashes.get(f.path)}`),
  );
  const reports = openCache<StoredReport>(cacheDir, 'reports', salt);
  const stored = reports.get(key);
  if (stored && stored.outside.every(([rel, hash]) => fileHash(path.join(inventory.root, rel), maxFileBytes) === hash)) {
    reports.save();
    phase('done');
    return { report: JSON.parse(stored.json) as Report, timings: phase.timings, cache: { dir: cacheDir, report: 'hit', files: { hits: 0, misses: 0 } } };
  }
  const facts = openCache<FileExtraction>(cacheDir, 'facts', salt);
  const lines = openCache<LineCount>(cacheDir, 'lines', salt);
  const contentHash = (rel: string): string | undefined => {
    const hash = hashes.get(rel);
    return hash && CONTENT_HASH.test(hash) ? hash : undefined;
  };
  phase('loading the analyzer');
  const { runPipeline } = await import('./run.js');
  const analysis = runPipeline(root, options, phase, { inventory, history: { value: history, diagnostics: historyDiagnostics }, contentHash, facts, lines });
  const json = JSON.stringify(analysis.report);
  // Kept only when what was read is what was hashed (no file changed during the run) and the
  // result does not depend on the machine (no walk stopped by the clock or the stack).
  const unchanged = inventory.files.every((f) => fileHash(f.abs, maxFileBytes) === hashes.get(f.path));
  if (unchanged) {
    if (analysis.complete) {
      const outside = analysis.readOutside.map((rel): [string, string] => [rel, fileHash(path.join(inventory.root, rel), maxFileBytes)]);
      reports.set(key, { outside, json });
      reports.save();
    }
    facts.save();
    lines.save();
  }
  return { report: JSON.parse(json) as Report, timings: analysis.timings, cache: { dir: cacheDir, report: 'miss', files: { hits: facts.stats.hits, misses: facts.stats.misses } } };
}

/**
 * The report as its JSON says it: every output is made from what `archreview.json` holds, so
 * a report read back from the cache and a fresh one write the same files.
 */
function asJson(report: Report): Report {
  return JSON.parse(JSON.stringify(report)) as Report;
}
