import type { z } from 'zod';
import type { Severity } from './common.js';
import type { Fact } from './facts.js';
import type { ServiceGraph } from './graph.js';
import type { CodeLinks } from './links.js';
import type { Location } from './common.js';

export const RULE_CATEGORIES = ['data', 'coupling', 'resilience', 'observability', 'security', 'deployment', 'evolution'] as const;
export type RuleCategory = (typeof RULE_CATEGORIES)[number];

/** What a rule is, in words a client reads: the why, the fix, its options and its messages. */
export interface RuleMeta<Options extends z.ZodType = z.ZodType, MessageId extends string = string> {
  id: string;
  title: string;
  category: RuleCategory;
  defaultSeverity: Severity;
  /** Why it matters, in our own words. */
  rationale: string;
  /** How to fix it. */
  fix: string;
  /** Options with defaults (zod); `{}` must parse. */
  options: Options;
  /** Message templates with `{{placeholders}}`. */
  messages: Record<MessageId, string>;
}

/** One problem a rule found. `evidence` is the stable text the fingerprint hashes (never line numbers). */
export interface RuleReport<MessageId extends string = string> {
  messageId: MessageId;
  data: Record<string, string | number>;
  /** Node ids the finding is about, most important first. */
  subjects: string[];
  locations: Location[];
  evidence: string;
}

export interface RuleContext<Options = unknown, MessageId extends string = string> {
  graph: ServiceGraph;
  facts: readonly Fact[];
  links: CodeLinks;
  options: Options;
  /** The name people know a node by (service name, `host/database`, channel name). */
  name(id: string): string;
  report(report: RuleReport<MessageId>): void;
}

export interface Rule<Options extends z.ZodType = z.ZodType, MessageId extends string = string> {
  meta: RuleMeta<Options, MessageId>;
  check(context: RuleContext<z.output<Options>, MessageId>): void;
}

/** Types a rule's options and message ids from its meta, so a typo in either fails the build. */
export function defineRule<Options extends z.ZodType, MessageId extends string>(rule: Rule<Options, MessageId>): Rule<Options, MessageId> {
  return rule;
}

/** A rule with its types erased, as the registry holds it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds rules of every option and message type
export type AnyRule = Rule<any, any>;
