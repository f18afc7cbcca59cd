import { createHash } from 'node:crypto';

/**
 * A finding's identity across runs: the rule, the names of its subjects and its evidence
 * text, normalized. Line numbers never enter it, so moving or reformatting code keeps the
 * fingerprint; changing what the code does changes it.
 */
export function fingerprint(ruleId: string, subjectNames: readonly string[], evidence: string): string {
  return createHash('sha256').update([ruleId, ...subjectNames, normalizeEvidence(evidence)].join('\u0000')).digest('hex').slice(0, 16);
}

/**
 * Evidence text as a formatter cannot change it. Evidence can quote source expressions the
 * analysis could not evaluate (`{encodeURIComponent(userId)}` in a URL), and formatters
 * rewrite those: line breaks and indentation, spaces inside brackets, trailing commas,
 * quote style. So whitespace is folded and dropped next to punctuation, a comma before a
 * closing bracket is dropped, and double quotes count as single ones. The scope id of an
 * anonymous function (`src/app.ts#L12:5`) names its position; only the file stays.
 */
export function normalizeEvidence(evidence: string): string {
  return evidence
    .replace(/#L\d+:\d+\b/g, '#L')
    .replace(/\s+/g, ' ')
    .replace(/ ?([^\w ]) ?/g, '$1')
    .replace(/,(?=[)\]}])/g, '')
    .replace(/"/g, "'")
    .trim();
}
