import type { Fact } from '../types/index.js';
import type { ReaderContext } from './reader-context.js';

const LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'];

/** Reads the first CODEOWNERS file GitHub or GitLab would use: one ownership fact per rule. */
export function readCodeowners(ctx: ReaderContext): { facts: Fact[]; files: string[] } {
  const file = LOCATIONS.find((f) => ctx.files.some((x) => x.path === f));
  if (!file) return { facts: [], files: [] };
  const text = ctx.read(file);
  if (text === null) return { facts: [], files: [] };
  const facts: Fact[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line || line.startsWith('[')) return;
    const [pattern, ...owners] = line.split(/\s+/);
    if (!pattern || !owners.length) return;
    facts.push({ kind: 'ownership', file, line: index + 1, library: 'codeowners', pattern, owners });
  });
  return { facts, files: [file] };
}
