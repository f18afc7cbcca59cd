import type * as Sarif from 'sarif';
import type { Finding, Location, Report, Severity } from '../types/index.js';
import { indexReport, type ReportIndex } from './report-index.js';
import type { Reporter } from './reporter.js';
import { lookupRule, ruleHelpUri, type RuleAwareOptions, type RuleMeta } from './rule-meta.js';
import { terminalSafe } from './sanitize.js';

const LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warn: 'warning', info: 'note' };
const NOTIFICATION_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;
export const FINGERPRINT_KEY = 'archreviewFingerprint/v1';

/** `findings.sarif`: SARIF 2.1.0 for code scanning, one rule per rule id, one result per finding. */
export const sarifReporter: Reporter = (report, options: RuleAwareOptions) => ({
  file: { name: 'findings.sarif', content: `${JSON.stringify(toSarif(report, options), null, 2)}\n` },
});

export function toSarif(report: Report, options: RuleAwareOptions): Sarif.Log {
  const index = indexReport(report);
  const ruleIds = [...new Set(report.findings.map((f) => f.ruleId))].sort();
  const rules = ruleIds.map((id) => ruleDescriptor(lookupRule(options, id), report.findings.find((f) => f.ruleId === id)!));
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'archreview',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: 'https://github.com/archreview/archreview',
            rules,
          },
        },
        originalUriBaseIds: { SRCROOT: { description: { text: `The analyzed folder (${clean(report.root)}); every result path is relative to it.` } } },
        ...(report.generatedFrom.commit ? { versionControlProvenance: [{ repositoryUri: 'file:///', revisionId: clean(report.generatedFrom.commit), mappedTo: { uriBaseId: 'SRCROOT' } }] } : {}),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.diagnostics.map((d) => ({
              level: NOTIFICATION_LEVEL[d.level],
              message: { text: clean(d.message) },
              descriptor: { id: clean(d.code) },
              ...(d.file ? { locations: [physical({ file: d.file, ...(d.line ? { line: d.line } : {}) })] } : {}),
            })),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results: report.findings.map((f) => result(f, ruleIndex.get(f.ruleId)!, index)),
      },
    ],
  };
}

function ruleDescriptor(meta: RuleMeta, example: Finding): Sarif.ReportingDescriptor {
  const id = meta.id;
  const title = clean(meta.title ?? id);
  const helpUri = ruleHelpUri(id);
  const helpText = [meta.rationale, meta.fix ? `Fix: ${meta.fix}` : undefined, helpUri ? `Documentation: ${helpUri}` : undefined].filter(Boolean).join('\n\n') || title;
  return {
    id: clean(id),
    name: ruleName(id),
    shortDescription: { text: title },
    fullDescription: { text: clean(meta.rationale ?? title) },
    help: { text: clean(helpText) },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: LEVEL[meta.defaultSeverity ?? example.severity] },
    properties: { category: clean(meta.category ?? example.category), tags: [clean(meta.category ?? example.category)] },
  };
}

function result(f: Finding, ruleIndex: number, index: ReportIndex): Sarif.Result {
  const locations = f.locations.length ? f.locations : fallbackLocation(f, index);
  const [primary, ...related] = locations;
  const subjects = [...new Set(f.subjects)].map((s) => clean(index.name(s)));
  return {
    ruleId: clean(f.ruleId),
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: clean(f.message) || clean(f.ruleId) },
    ...(primary ? { locations: [physical(primary)] } : {}),
    ...(related.length ? { relatedLocations: related.map((l, i) => ({ id: i + 1, ...physical(l) })) } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: clean(f.fingerprint) },
    properties: { category: clean(f.category), subjects },
    ...(f.suppressed
      ? {
          suppressions: [
            {
              kind: f.suppressed.location && !/(^|\/)archreview\.ya?ml$/.test(f.suppressed.location.file) ? 'inSource' : 'external',
              status: 'accepted',
              justification: clean(f.suppressed.reason),
              ...(f.suppressed.location ? { location: physical(f.suppressed.location) } : {}),
            },
          ],
        }
      : {}),
  };
}

/** A finding without a location points at where its first subject is declared. */
function fallbackLocation(f: Finding, index: ReportIndex): Location[] {
  for (const id of f.subjects) {
    const node = index.nodes.get(id);
    const declared = node?.kind === 'datastore' ? node.datastore.declaredIn : node?.kind === 'channel' ? [] : node?.service.declaredIn;
    if (declared?.[0]) return [declared[0]];
  }
  return [];
}

function physical(location: Location): Sarif.Location {
  return {
    physicalLocation: {
      artifactLocation: { uri: toUri(location.file), uriBaseId: 'SRCROOT' },
      ...(location.line ? { region: { startLine: location.line, ...(location.column ? { startColumn: location.column } : {}) } } : {}),
    },
  };
}

/** A relative URI reference: each path segment percent-encoded. */
export function toUri(file: string): string {
  return file
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** "sync-fan-out" → "SyncFanOut". */
function ruleName(id: string): string {
  return clean(id)
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('') || 'Rule';
}

function clean(text: string): string {
  return terminalSafe(text);
}
