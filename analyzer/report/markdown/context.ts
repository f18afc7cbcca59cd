import type { Finding, Severity } from '../../types/index.js';
import { indexReport, SEVERITIES, compareStrings, type ReportIndex } from '../report-index.js';
import type { Report } from '../../types/index.js';
import { lookupRule, type RuleAwareOptions, type RuleMeta } from '../rule-meta.js';

/** What every section of the Markdown report reads: the Report's lookups, rule metadata and finding numbers. */
export interface MdContext {
  index: ReportIndex;
  rule(id: string): RuleMeta;
  /** Open findings grouped by category, in the order the Findings section lists them. */
  categories: { category: string; findings: Finding[] }[];
  /** "F3" for an open finding. */
  ref(finding: Finding): string;
}

export const SEVERITY_LABEL: Record<Severity, string> = { error: 'Error', warn: 'Warning', info: 'Info' };

export function createContext(report: Report, options: RuleAwareOptions): MdContext {
  const index = indexReport(report);
  const groups = new Map<string, Finding[]>();
  for (const finding of index.open) {
    const list = groups.get(finding.category) ?? [];
    list.push(finding);
    groups.set(finding.category, list);
  }
  const rank = (f: Finding): number => SEVERITIES.indexOf(f.severity);
  const order = new Map(index.open.map((f, i) => [f, i]));
  const ruleRank = new Map<string, number>();
  for (const f of index.open) ruleRank.set(f.ruleId, Math.min(ruleRank.get(f.ruleId) ?? 9, rank(f)));
  const byRule = (a: Finding, b: Finding): number =>
    ruleRank.get(a.ruleId)! - ruleRank.get(b.ruleId)! || compareStrings(a.ruleId, b.ruleId) || rank(a) - rank(b) || order.get(a)! - order.get(b)!;
  const categories = [...groups]
    .map(([category, findings]) => ({ category, findings: [...findings].sort(byRule) }))
    .sort((a, b) => rank(a.findings[0]!) - rank(b.findings[0]!) || b.findings.length - a.findings.length || compareStrings(a.category, b.category));
  const refs = new Map<Finding, string>();
  let n = 0;
  for (const group of categories) for (const finding of group.findings) refs.set(finding, `F${++n}`);
  return { index, rule: (id) => lookupRule(options, id), categories, ref: (f) => refs.get(f) ?? '' };
}
