import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { FORMAT_NAMES, REPORTERS, type ReporterOptions } from '../report/index.js';
import { analyzeReport } from '../entry.js';
import { cacheDirOf, type CacheOptions } from './cache-option.js';
import { SEVERITY_RANK, type Report, type Severity } from '../types/index.js';
import { UsageError } from './usage-error.js';

export interface AnalyzeCommandOptions extends CacheOptions {
  out: string;
  format: string;
  config?: string;
  quiet?: boolean;
  color: boolean;
  failOn?: string;
}

const FAIL_ON = ['info', 'warn', 'error', 'never'] as const;

/** `archreview [path]`: analyze, write the requested formats, exit 0 / 1 by --fail-on. */
export async function runAnalyze(target: string, options: AnalyzeCommandOptions): Promise<number> {
  const root = path.resolve(target);
  if (!existsSync(root)) throw new UsageError(`path not found: ${target}`);
  if (!statSync(root).isDirectory()) throw new UsageError(`not a folder: ${target} (archreview analyzes a repository folder)`);
  const formats = parseFormats(options.format);
  const { config } = loadConfig(root, options.config);
  const failOn = options.failOn ?? config.failOn ?? 'error';
  if (!(FAIL_ON as readonly string[]).includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}; got "${failOn}"`);

  const progress = !options.quiet && process.stderr.isTTY ? (phase: string) => process.stderr.write(`\r\u001b[2K${phase}…`) : undefined;
  const { report, timings, cache } = await analyzeReport(root, { config, onPhase: progress, cacheDir: cacheDirOf(root, options) });
  if (progress) process.stderr.write('\r\u001b[2K');
  if (process.env.ARCHREVIEW_TIMING) {
    const cacheLine = cache ? `\ncache: ${cache.report === 'hit' ? 'report reused' : `${cache.files.hits} source files reused, ${cache.files.misses} read`} (${cache.dir})` : '';
    process.stderr.write(`${timings.map(([name, ms]) => `${name}: ${ms} ms`).join('\n')}${cacheLine}\n`);
  }

  const reporterOptions: ReporterOptions = { color: options.color && !!process.stdout.isTTY && !process.env.NO_COLOR };
  const written: string[] = [];
  for (const format of formats) {
    const load = REPORTERS[format]!;
    const output = (await load!())(report, reporterOptions);
    if (output.file) {
      mkdirSync(options.out, { recursive: true });
      const file = path.join(options.out, output.file.name);
      writeFileSync(file, output.file.content);
      written.push(file);
    }
    if (output.stdout && !options.quiet) process.stdout.write(output.stdout);
  }
  if (!options.quiet && written.length) process.stdout.write(`\nWrote ${written.map(displayPath).join(', ')}\n`);
  return exitCode(report, failOn as (typeof FAIL_ON)[number]);
}

/** Relative to the working folder when inside it, else absolute. */
function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : path.resolve(file);
}

function parseFormats(list: string): string[] {
  const formats = [...new Set(list.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean))];
  if (!formats.length) throw new UsageError(`--format needs at least one of ${FORMAT_NAMES.join(', ')}`);
  for (const format of formats) {
    if (!(format in REPORTERS)) throw new UsageError(`unknown format "${format}" (expected ${FORMAT_NAMES.join(', ')})`);
    if (REPORTERS[format] === null) throw new UsageError(`format "${format}" is not available in this version yet (available: ${FORMAT_NAMES.filter((f) => REPORTERS[f]).join(', ')})`);
  }
  return formats;
}

/** 1 when any unsuppressed finding is at or above the threshold, else 0. */
export function exitCode(report: Report, failOn: Severity | 'never'): number {
  if (failOn === 'never') return 0;
  const threshold = SEVERITY_RANK[failOn];
  return report.findings.some((f) => !f.suppressed && SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
}
