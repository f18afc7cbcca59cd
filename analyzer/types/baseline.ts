import { z } from 'zod';
import type { Severity } from './common.js';
import type { Finding, Report } from './report.js';

/**
 * The baseline file (`archreview-baseline.json`): the findings a team already knows, so
 * `archreview check` fails only on new ones. Entries are matched by fingerprint as a
 * multiset (two identical findings need two entries); everything else in an entry is
 * there for the people reading the file in review.
 */
export const BASELINE_SCHEMA_VERSION = 1;

export const BaselineEntrySchema = z.object({
  fingerprint: z.string().regex(/^[0-9a-f]{8,64}$/, 'expected a fingerprint of hex digits'),
  ruleId: z.string().min(1),
  subjects: z.array(z.string()).describe('Names of the services, datastores and channels the finding is about.'),
  message: z.string(),
  location: z
    .object({ file: z.string(), line: z.number().int().positive().optional() })
    .nullable()
    .describe('First evidence location when the baseline was written; informational, never matched.'),
});
export type BaselineEntry = z.infer<typeof BaselineEntrySchema>;

export const BaselineSchema = z.object({
  schemaVersion: z.literal(BASELINE_SCHEMA_VERSION),
  tool: z.literal('archreview'),
  findings: z.array(BaselineEntrySchema),
});
export type Baseline = z.infer<typeof BaselineSchema>;

/** A current finding matched against the baseline. */
export interface Comparison {
  /** Open findings the baseline does not hold, in Report order. */
  added: Finding[];
  /** Open findings the baseline holds. */
  known: Finding[];
  /** Suppressed findings (never new; they still hold their baseline entry). */
  suppressed: Finding[];
  /** Baseline entries no current finding matches: fixed since the baseline was written. */
  fixed: BaselineEntry[];
}

/** What `archreview check` decided, for the check reporters (pure functions of this). */
export interface CheckResult {
  report: Report;
  /** The baseline file as given on the command line. */
  baselineFile: string;
  failOn: Severity | 'never';
  /** `--since`: the ref and how many files changed since it; findings outside them are left out. */
  since: { ref: string; files: number } | null;
  /** In scope: new, known and suppressed findings, fixed entries. */
  comparison: Comparison;
  /** New findings at or above --fail-on. */
  failing: Finding[];
  strictBaseline: boolean;
  /** `--update-baseline`: entries removed from the file (null when not asked for). */
  updated: { removed: number } | null;
  /** Exit 1. */
  failed: boolean;
}
