import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { analyzeReport, baselineFromReport, serializeBaseline } from '../entry.js';
import { cacheDirOf, type CacheOptions } from './cache-option.js';
import type { Report } from '../types/index.js';
import { UsageError } from './usage-error.js';

export interface BaselineCommandOptions extends CacheOptions {
  out: string;
  config?: string;
  quiet?: boolean;
}

export const DEFAULT_BASELINE = 'archreview-baseline.json';

/** `archreview baseline [path]`: writes the current open findings as the baseline file. */
export async function runBaseline(target: string, options: BaselineCommandOptions): Promise<number> {
  const { report } = await analyzeFolder(target, options);
  const baseline = baselineFromReport(report);
  const file = path.resolve(options.out);
  if (existsSync(file) && statSync(file).isDirectory()) throw new UsageError(`--out ${options.out} is a folder; give the baseline file's name, e.g. ${path.join(options.out, DEFAULT_BASELINE)}`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, serializeBaseline(baseline));
  if (!options.quiet) process.stdout.write(`Wrote ${displayPath(file)} (${baseline.findings.length} finding${baseline.findings.length === 1 ? '' : 's'})\n`);
  return 0;
}

/** The folder checked, its config loaded, the pipeline run (progress on stderr when it is a terminal). */
export async function analyzeFolder(target: string, options: { config?: string; quiet?: boolean } & CacheOptions): Promise<{ root: string; report: Report; config: Config }> {
  const root = path.resolve(target);
  if (!existsSync(root)) throw new UsageError(`path not found: ${target}`);
  if (!statSync(root).isDirectory()) throw new UsageError(`not a folder: ${target} (archreview analyzes a repository folder)`);
  const { config } = loadConfig(root, options.config);
  const progress = !options.quiet && process.stderr.isTTY ? (phase: string) => process.stderr.write(`\r\u001b[2K${phase}…`) : undefined;
  const { report } = await analyzeReport(root, { config, onPhase: progress, cacheDir: cacheDirOf(root, options) });
  if (progress) process.stderr.write('\r\u001b[2K');
  return { root, report, config };
}

/** Relative to the working folder when inside it, else absolute. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : path.resolve(file);
}
