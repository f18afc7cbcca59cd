import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CHECK_FORMAT_NAMES, CHECK_REPORTERS } from '../report/check-reporters.js';
import { FORMAT_NAMES } from '../report/index.js';
import type { RuleAwareOptions } from '../report/rule-meta.js';
import { compareToBaseline, limitToFiles, parseBaseline, RULES, serializeBaseline, withoutEntries } from '../entry.js';
import type { Baseline, CheckResult } from '../types/baseline.js';
import { SEVERITY_RANK, type Severity } from '../types/index.js';
import type { CacheOptions } from './cache-option.js';
import { analyzeFolder, DEFAULT_BASELINE, displayPath } from './baseline-command.js';
import { sinceScope } from './git-changes.js';
import { UsageError } from './usage-error.js';

export interface CheckCommandOptions extends CacheOptions {
  baseline: string;
  failOn?: string;
  strictBaseline?: boolean;
  updateBaseline?: boolean;
  since?: string;
  format: string;
  out: string;
  config?: string;
  quiet?: boolean;
  color: boolean;
}

const FAIL_ON = ['info', 'warn', 'error', 'never'] as const;

/**
 * `archreview check [path] --baseline <file>`: exit 1 iff there are new findings (not held by
 * the baseline) at or above --fail-on, or, with --strict-baseline, fixed entries left in the
 * baseline. Exit 2, with one line, for a missing or invalid baseline and other usage errors.
 */
export async function runCheck(target: string, options: CheckCommandOptions): Promise<number> {
  const root = path.resolve(target);
  if (!existsSync(root)) throw new UsageError(`path not found: ${target}`);
  const formats = parseFormats(options.format);
  const baseline = readBaseline(options.baseline ?? DEFAULT_BASELINE, target);
  const scope = options.since !== undefined && statSync(root).isDirectory() ? sinceScope(root, options.since) : null;

  const { report, config } = await analyzeFolder(target, options);
  const failOn = options.failOn ?? config.failOn ?? 'error';
  if (!(FAIL_ON as readonly string[]).includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}; got "${failOn}"`);

  const full = compareToBaseline(report, baseline);
  let comparison = full;
  if (scope) {
    const candidates = [...report.findings.flatMap((f) => f.locations.map((l) => l.file)), ...baseline.findings.flatMap((e) => (e.location ? [e.location.file] : []))];
    scope.addWorkingTreeEdits(candidates);
    comparison = limitToFiles(full, scope.files);
  }
  let updated: CheckResult['updated'] = null;
  if (options.updateBaseline) {
    if (full.fixed.length) writeFileSync(path.resolve(options.baseline), serializeBaseline(withoutEntries(baseline, full.fixed)));
    updated = { removed: full.fixed.length };
  }
  const failing = failOn === 'never' ? [] : comparison.added.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn as Severity]);
  const strict = !!options.strictBaseline;
  const result: CheckResult = {
    report,
    baselineFile: options.baseline,
    failOn: failOn as CheckResult['failOn'],
    since: scope ? { ref: options.since!, files: scope.files.size } : null,
    comparison,
    failing,
    strictBaseline: strict,
    updated,
    failed: failing.length > 0 || (strict && !updated && comparison.fixed.length > 0),
  };

  const reporterOptions: RuleAwareOptions = {
    color: options.color && !!process.stdout.isTTY && !process.env.NO_COLOR,
    ruleMeta: (id) => RULES.find((r) => r.meta.id === id)?.meta,
  };
  const written: string[] = [];
  for (const format of formats) {
    const output = (await CHECK_REPORTERS[format]!())(result, reporterOptions);
    if (output.file) {
      mkdirSync(options.out, { recursive: true });
      const file = path.join(options.out, output.file.name);
      writeFileSync(file, output.file.content);
      written.push(file);
    }
    if (output.stdout && !options.quiet) process.stdout.write(output.stdout);
  }
  if (!options.quiet && updated?.removed) process.stdout.write(`Updated ${displayPath(path.resolve(options.baseline))}: dropped ${updated.removed} fixed entr${updated.removed === 1 ? 'y' : 'ies'}\n`);
  if (!options.quiet && written.length) process.stdout.write(`Wrote ${written.map(displayPath).join(', ')}\n`);
  return result.failed ? 1 : 0;
}

/** The baseline file, validated; a missing or invalid file is one line and exit 2. */
function readBaseline(file: string, target: string): Baseline {
  const full = path.resolve(file);
  if (!existsSync(full)) throw new UsageError(`baseline not found: ${file} (write one with: archreview baseline ${target} --out ${file})`);
  if (statSync(full).isDirectory()) throw new UsageError(`baseline ${file} is a folder, not a file`);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read baseline ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parseBaseline(text);
  if ('error' in parsed) throw new UsageError(`invalid baseline ${file}: ${parsed.error}`);
  return parsed.baseline;
}

function parseFormats(list: string): string[] {
  const formats = [...new Set(list.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean))];
  if (!formats.length) throw new UsageError(`--format needs at least one of ${CHECK_FORMAT_NAMES.join(', ')}`);
  for (const format of formats) {
    if (format in CHECK_REPORTERS) continue;
    if (FORMAT_NAMES.includes(format)) throw new UsageError(`format "${format}" is for the review, not for check (check writes ${CHECK_FORMAT_NAMES.join(', ')}; run archreview ${format === 'html' ? '--format html' : `--format ${format}`} for the review)`);
    throw new UsageError(`unknown format "${format}" (expected ${CHECK_FORMAT_NAMES.join(', ')})`);
  }
  return formats;
}
