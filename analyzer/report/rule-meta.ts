import type { Severity } from '../types/index.js';
import type { ReporterOptions } from './reporter.js';

/**
 * What a reporter may know about a rule beyond its id. It comes from the rules registry
 * (`rules/<id>.ts` meta) once that exists; until then reporters fall back to the rule id
 * and the rule's documentation URL.
 */
export interface RuleMeta {
  id: string;
  title?: string;
  category?: string;
  defaultSeverity?: Severity;
  /** Why the smell matters, for the person reading the report. */
  rationale?: string;
  /** What to do about it. */
  fix?: string;
  /** Rough size of a typical fix, when the rule states it. */
  effort?: 'small' | 'medium' | 'large';
}

/** Reporter options plus the optional rule metadata lookup the md and sarif reporters use. */
export type RuleAwareOptions = ReporterOptions & { ruleMeta?: (id: string) => RuleMeta | undefined };

const RULE_DOCS = 'https://github.com/archreview/archreview/blob/main/rules';

/** Where a rule's documentation lives. Rule ids from a Report are untrusted: only `[a-z0-9-]` ids get a link. */
export function ruleHelpUri(id: string): string | undefined {
  return /^[a-z0-9][a-z0-9-]{0,80}$/.test(id) ? `${RULE_DOCS}/${id}.md` : undefined;
}

export function lookupRule(options: RuleAwareOptions, id: string): RuleMeta {
  return options.ruleMeta?.(id) ?? { id };
}
