import { BASELINE_SCHEMA_VERSION, BaselineSchema, type Baseline, type BaselineEntry, type Comparison } from '../types/baseline.js';
import type { Finding, Location, Report } from '../types/index.js';

/** The name people know a node by (service, datastore or channel name), from the Report. */
export function subjectNamer(report: Report): (id: string) => string {
  const names = new Map<string, string>();
  for (const s of report.services) names.set(s.id, s.name);
  for (const d of report.datastores) names.set(d.id, d.name);
  for (const c of report.channels) names.set(c.id, c.name);
  return (id) => names.get(id) ?? id.slice(id.indexOf(':') + 1);
}

/** A baseline of the Report's open findings (suppressed ones are known through their comment). */
export function baselineFromReport(report: Report): Baseline {
  const name = subjectNamer(report);
  const findings = report.findings
    .filter((f) => !f.suppressed)
    .map((f): BaselineEntry => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, subjects: f.subjects.map(name), message: f.message, location: firstLocation(f) }));
  return { schemaVersion: BASELINE_SCHEMA_VERSION, tool: 'archreview', findings: sortEntries(findings) };
}

function firstLocation(f: Finding): BaselineEntry['location'] {
  const l = f.locations[0];
  return l ? (l.line ? { file: l.file, line: l.line } : { file: l.file }) : null;
}

/**
 * Sorted by what stays put when code moves (rule, subjects, fingerprint), so regenerating
 * the file after a refactoring changes only the lines of entries that changed.
 */
export function sortEntries(entries: readonly BaselineEntry[]): BaselineEntry[] {
  const key = (e: BaselineEntry): string[] => [e.ruleId, e.subjects.join('\u0000'), e.fingerprint, e.location?.file ?? '', String(e.location?.line ?? 0).padStart(9, '0'), e.message];
  return [...entries].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
    return 0;
  });
}

/**
 * The file's text: one block per entry, keys in a fixed order, subjects and location on one
 * line each, so a new or fixed finding is one block in a review diff. Valid JSON throughout.
 */
export function serializeBaseline(baseline: Baseline): string {
  const j = (value: unknown): string => JSON.stringify(value);
  const entries = sortEntries(baseline.findings).map((e) => {
    const location = e.location ? `{ "file": ${j(e.location.file)}${e.location.line ? `, "line": ${e.location.line}` : ''} }` : 'null';
    return [
      '    {',
      `      "fingerprint": ${j(e.fingerprint)},`,
      `      "ruleId": ${j(e.ruleId)},`,
      `      "subjects": [${e.subjects.map(j).join(', ')}],`,
      `      "message": ${j(e.message)},`,
      `      "location": ${location}`,
      '    }',
    ].join('\n');
  });
  const findings = entries.length ? `[\n${entries.join(',\n')}\n  ]` : '[]';
  return `{\n  "schemaVersion": ${j(baseline.schemaVersion)},\n  "tool": ${j(baseline.tool)},\n  "findings": ${findings}\n}\n`;
}

/** Reads a baseline file's text; the error is one line saying what is wrong. */
export function parseBaseline(text: string): { baseline: Baseline } | { error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { error: `not valid JSON (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { error: 'not an archreview baseline (expected a JSON object with schemaVersion and findings)' };
  const version = (data as Record<string, unknown>).schemaVersion;
  if (version !== undefined && version !== BASELINE_SCHEMA_VERSION) return { error: `schemaVersion ${JSON.stringify(version)} is not supported (this archreview reads version ${BASELINE_SCHEMA_VERSION})` };
  const parsed = BaselineSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { error: `${issue.path.length ? issue.path.join('.') : 'root'}: ${issue.message}` };
  }
  return { baseline: parsed.data };
}

/**
 * Matches the Report's findings against the baseline. Fingerprints are a multiset: each
 * entry holds one finding. When a fingerprint has fewer entries than findings, entries go
 * first to findings at the entry's location, then in the entry's file, then in order, so
 * the finding reported as new is the one the baseline did not see. Suppressed findings are
 * never new, and they keep their entry from counting as fixed.
 */
export function compareToBaseline(report: Report, baseline: Baseline): Comparison {
  const pool = new Map<string, BaselineEntry[]>();
  for (const entry of baseline.findings) pool.set(entry.fingerprint, [...(pool.get(entry.fingerprint) ?? []), entry]);
  const open = report.findings.filter((f) => !f.suppressed);
  const suppressed = report.findings.filter((f) => f.suppressed);
  const held = new Set<Finding>();
  for (const group of [open, suppressed]) {
    for (const fits of [sameLine, sameFile, () => true]) {
      for (const finding of group) {
        if (held.has(finding)) continue;
        const entries = pool.get(finding.fingerprint);
        const at = entries?.findIndex((e) => fits(e.location, finding.locations[0])) ?? -1;
        if (at < 0) continue;
        entries!.splice(at, 1);
        held.add(finding);
      }
    }
  }
  const remaining = new Set([...pool.values()].flat());
  return {
    added: open.filter((f) => !held.has(f)),
    known: open.filter((f) => held.has(f)),
    suppressed,
    fixed: baseline.findings.filter((e) => remaining.has(e)),
  };
}

function sameFile(entry: BaselineEntry['location'], location: Location | undefined): boolean {
  return !!entry && !!location && entry.file === location.file;
}

function sameLine(entry: BaselineEntry['location'], location: Location | undefined): boolean {
  return sameFile(entry, location) && entry!.line === location!.line;
}

/**
 * `--since`: keeps the findings whose evidence touches a changed file (path relative to the
 * analyzed root) and the fixed entries whose location is in one. What has no location cannot
 * be placed, so it stays: a scope may hide a finding, never invent one.
 */
export function limitToFiles(comparison: Comparison, changed: ReadonlySet<string>): Comparison {
  const touches = (f: Finding): boolean => !f.locations.length || f.locations.some((l) => changed.has(l.file));
  return {
    added: comparison.added.filter(touches),
    known: comparison.known.filter(touches),
    suppressed: comparison.suppressed.filter(touches),
    fixed: comparison.fixed.filter((e) => !e.location || changed.has(e.location.file)),
  };
}

/** The baseline without the given entries (each removes one entry, by identity). */
export function withoutEntries(baseline: Baseline, entries: readonly BaselineEntry[]): Baseline {
  const drop = new Set(entries);
  return { ...baseline, findings: baseline.findings.filter((e) => !drop.has(e)) };
}
