import { ConfigError } from '../config/load-config.js';
import type { Config, RuleSetting } from '../config/schema.js';
import type { AnyRule, CodeLinks, Diagnostic, Fact, Finding, Location, ServiceGraph, Severity, SuppressionFact } from '../types/index.js';
import { fingerprint } from './fingerprint.js';
import { renderMessage } from './render-message.js';

export interface EngineInput {
  rules: readonly AnyRule[];
  graph: ServiceGraph;
  facts: readonly Fact[];
  links: CodeLinks;
  config: Config;
  diagnostics: Diagnostic[];
}

function levelAndOptions(setting: RuleSetting | undefined): { level: 'off' | Severity | null; options: unknown } {
  if (setting === undefined) return { level: null, options: undefined };
  if (typeof setting === 'string') return { level: setting, options: undefined };
  if (Array.isArray(setting)) return { level: setting[0], options: setting[1] };
  return { level: setting.severity ?? null, options: setting.options };
}

/** Display name of a node: the service name, `host/database`, the channel name. */
export function nodeName(graph: ServiceGraph, id: string): string {
  if (!graph.hasNode(id)) return id.slice(id.indexOf(':') + 1);
  const node = graph.getNodeAttributes(id);
  if (node.kind === 'datastore') return node.datastore.name;
  if (node.kind === 'channel') return node.channel.name;
  return node.service.name;
}

/**
 * Runs every enabled rule over the graph, facts and code links: levels and options from
 * archreview.yaml, messages rendered from templates, fingerprints, suppression comments.
 * A rule that fails becomes a diagnostic; the other rules still run.
 */
export function runRules(input: EngineInput): Finding[] {
  const { rules, graph, config, diagnostics } = input;
  const known = new Set(rules.map((r) => r.meta.id));
  for (const id of Object.keys(config.rules)) {
    if (!known.has(id)) diagnostics.push({ level: 'warning', code: 'config-unmatched', message: `archreview.yaml: rules.${id} is not a rule (run archreview rules for the catalog)` });
  }
  const name = (id: string): string => nodeName(graph, id);
  const findings: Finding[] = [];
  for (const rule of rules) {
    const { level, options: rawOptions } = levelAndOptions(config.rules[rule.meta.id]);
    if (level === 'off') continue;
    const parsed = rule.meta.options.safeParse(rawOptions ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConfigError(`archreview.yaml: rules.${rule.meta.id} options${issue?.path.length ? `.${issue.path.join('.')}` : ''}: ${issue?.message ?? 'invalid'}`);
    }
    const severity = level ?? rule.meta.defaultSeverity;
    try {
      rule.check({
        graph,
        facts: input.facts,
        links: input.links,
        options: parsed.data,
        name,
        report(report) {
          const template = rule.meta.messages[report.messageId];
          if (template === undefined) throw new Error(`unknown message id "${report.messageId}"`);
          const subjectNames = report.subjects.map(name);
          findings.push({
            ruleId: rule.meta.id,
            severity,
            category: rule.meta.category,
            message: renderMessage(template, report.data),
            subjects: report.subjects,
            locations: sortLocations(report.locations),
            fingerprint: fingerprint(rule.meta.id, subjectNames, report.evidence),
            suppressed: null,
          });
        },
      });
    } catch (error) {
      diagnostics.push({ level: 'error', code: 'rule-failed', message: `rule ${rule.meta.id} failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return applySuppressions(findings, input.facts.filter((f): f is SuppressionFact => f.kind === 'suppression'));
}

function sortLocations(locations: Location[]): Location[] {
  const seen = new Set<string>();
  return locations.filter((l) => {
    const key = `${l.file}:${l.line ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A finding is suppressed when a comment on its first location's line, or the line above, names its rule. */
export function applySuppressions(findings: Finding[], suppressions: readonly SuppressionFact[]): Finding[] {
  if (!suppressions.length) return findings;
  const byLine = new Map<string, SuppressionFact[]>();
  for (const s of suppressions) {
    const key = `${s.file}:${s.line}`;
    byLine.set(key, [...(byLine.get(key) ?? []), s]);
  }
  return findings.map((finding) => {
    for (const location of finding.locations) {
      if (!location.line) continue;
      for (const line of [location.line, location.line - 1]) {
        const hit = byLine.get(`${location.file}:${line}`)?.find((s) => s.rules.includes(finding.ruleId) || s.rules.includes('all'));
        if (hit) return { ...finding, suppressed: { reason: hit.reason ?? 'no reason given', location: { file: hit.file, line: hit.line ?? 0 } } };
      }
    }
    return finding;
  });
}
