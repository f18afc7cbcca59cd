import { createHash } from 'node:crypto';

/**
 * A finding's identity across runs: the rule, the names of its subjects and its evidence
 * text with whitespace folded. Line numbers never enter it, so moving or reformatting code
 * keeps the fingerprint; changing what the code does changes it.
 */
export function fingerprint(ruleId: string, subjectNames: readonly string[], evidence: string): string {
  const normalized = evidence.replace(/\s+/g, ' ').trim();
  return createHash('sha256').update([ruleId, ...subjectNames, normalized].join('\u0000')).digest('hex').slice(0, 16);
}
