import path from 'node:path';
import { DEFAULT_LIMITS, type Config } from './config/schema.js';
import { gitHead } from './discover/index.js';
import { readGitHistory } from './extract/git-history.js';
import { sourceStats, type LineCount } from './extract/source-stats.js';
import { scanSuppressions } from './extract/suppressions.js';
import { extractTypeScript, type FileExtraction } from './extract/ts/extract-typescript.js';
import { RULES } from '../rules/index.js';
import { runRules } from './engine/run-rules.js';
import { buildGraph } from './graph/build-graph.js';
import { createReaderContext, readManifests } from './manifests/index.js';
import { buildReport } from './report/index.js';
import { buildSystem } from './resolve/build-system.js';
import { buildModuleGraph } from './resolve/code/module-graph.js';
import { scoreSystem } from './score/index.js';
import type { CodeLinks, Diagnostic, Fact, GitHistory, Report, ServiceGraph } from './types/index.js';
import { toolVersion } from './version.js';
import { discover, phaseTimer, type Prepared, type Timer } from './entry.js';

export { RULES };
export { baselineFromReport, compareToBaseline, limitToFiles, parseBaseline, serializeBaseline, withoutEntries } from './engine/baseline.js';

export interface AnalyzeOptions {
  config: Config;
  /** Called with the name of each phase as it starts (for progress output). */
  onPhase?: (phase: string) => void;
}

export interface Analysis {
  report: Report;
  graph: ServiceGraph;
  facts: Fact[];
  links: CodeLinks;
  /** Milliseconds per phase, in order (for benchmarks and ARCHREVIEW_TIMING). */
  timings: [string, number][];
}

/**
 * The pipeline, one way: discover files → read manifests and source code (facts) →
 * resolve into services, datastores and edges → graph → rules (findings) → score → Report.
 */
export function analyze(root: string, options: AnalyzeOptions): Analysis {
  return runPipeline(root, options, phaseTimer(options.onPhase));
}

export function runPipeline(root: string, options: AnalyzeOptions, phase: Timer, prepared?: Prepared): Analysis & { readOutside: string[]; complete: boolean } {
  const { config } = options;
  if (!prepared) phase('discovering files');
  const limits = { ...DEFAULT_LIMITS, ...config.limits };
  const inventory = prepared?.inventory ?? discover(root, config);
  const diagnostics: Diagnostic[] = [...inventory.diagnostics];

  phase('reading manifests');
  const ctx = createReaderContext(inventory, config);
  const manifests = readManifests(ctx);
  // Suppression comments in what the manifest readers read (YAML, Dockerfiles, .env files);
  // the TypeScript extraction scans source files itself.
  const manifestSuppressions = ctx.texts().flatMap(([file, text]) => scanSuppressions(file, text));
  phase('counting source lines');
  const contentHash = prepared?.contentHash;
  const sources = sourceStats(inventory.files, ctx.diagnostics, limits.maxFileBytes, contentHash && prepared?.lines ? { store: prepared.lines, contentHash } : undefined);
  phase('reading TypeScript and JavaScript');
  const code = extractTypeScript(inventory.files, (rel) => ctx.read(rel), ctx.diagnostics, limits, contentHash && prepared?.facts ? { store: prepared.facts, contentHash } : undefined);
  const facts: Fact[] = [...manifests.facts, ...manifestSuppressions, ...sources, ...code.facts];
  diagnostics.push(...ctx.diagnostics);
  phase('reading git history');
  let history: GitHistory | null;
  if (prepared) {
    history = prepared.history.value;
    diagnostics.push(...prepared.history.diagnostics);
  } else {
    history = readGitHistory(root, config.history, diagnostics);
  }

  phase('resolving the service graph');
  const system = buildSystem({ facts, filePaths: inventory.files.map((f) => f.path), config, diagnostics });
  const graph = buildGraph(system, diagnostics);
  const modules = buildModuleGraph(facts);

  phase('checking rules');
  const findings = runRules({ rules: RULES, graph, facts, links: system.links, config, diagnostics });

  phase('scoring');
  const score = scoreSystem({ graph, facts, config, links: system.links, findings, history, modules, rule: (id) => RULES.find((r) => r.meta.id === id)?.meta });
  const report = buildReport({
    graph,
    findings,
    score,
    diagnostics,
    root: path.basename(path.resolve(root)),
    commit: gitHead(root),
    manifests: manifests.files,
    sourceFiles: sources.length,
    version: toolVersion(),
  });
  phase('done');
  return { report, graph, facts, links: system.links, timings: phase.timings, readOutside: ctx.outsideInventory(), complete: code.complete };
}
