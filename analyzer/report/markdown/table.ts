/** A GFM table from cells that are already escaped Markdown. */
export function table(headers: string[], rows: string[][], align?: ('l' | 'r' | 'c')[]): string {
  const rule = headers.map((_, i) => (align?.[i] === 'r' ? '---:' : align?.[i] === 'c' ? ':---:' : '---'));
  const line = (cells: string[]): string => `| ${cells.map((c) => c || ' ').join(' | ')} |`;
  return [line(headers), line(rule), ...rows.map(line)].join('\n');
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "a, b and c". */
export function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** The first `max` items, and a note on how many more there are. */
export function capped<T>(items: readonly T[], max: number): { shown: T[]; more: number } {
  return { shown: items.slice(0, max), more: Math.max(0, items.length - max) };
}

/** Up to `max` escaped words and "+N more". */
export function someOf(words: string[], max = 6): string {
  const { shown, more } = capped(words, max);
  return shown.join(', ') + (more ? ` +${more} more` : '');
}

export function formatNumber(n: number): string {
  return n.toLocaleString('en-US');
}
