import type { SuppressionFact } from '../types/index.js';

const MARKER = 'archreview-ignore';
const PATTERN = /(?:\/\/|#|\/\*|\*|<!--)\s*archreview-ignore(?:-next-line)?\s+([\w-]+(?:\s*,\s*[\w-]+)*)(?:\s*:\s*(.*?))?\s*(?:\*\/|-->)?\s*$/;

/** Suppression comments in a file's text: `// archreview-ignore rule-id: reason` or `# archreview-ignore rule-id: reason`. */
export function scanSuppressions(file: string, text: string): SuppressionFact[] {
  if (!text.includes(MARKER)) return [];
  const out: SuppressionFact[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (!line.includes(MARKER)) return;
    const m = PATTERN.exec(line);
    if (!m) return;
    const rules = m[1]!.split(',').map((r) => r.trim()).filter(Boolean);
    const reason = m[2]?.trim() || null;
    out.push({ kind: 'suppression', file, line: index + 1, library: 'comment', rules, reason });
  });
  return out;
}
