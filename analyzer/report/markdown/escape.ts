import { terminalSafe } from '../sanitize.js';

/**
 * Escaping for untrusted text (names, paths, messages from the analyzed repository) in
 * the Markdown report. Everything that could start emphasis, code, a link, an image, raw
 * HTML, an entity, a heading, a table cell or an autolink is backslash-escaped, and line
 * breaks become spaces, so a name can neither break the table it sits in nor inject markup.
 */

/** One line of plain text: control characters removed, line breaks and tabs folded into spaces. */
export function oneLine(text: string): string {
  return terminalSafe(text).replace(/[\n\t]+/g, ' ');
}

/** Characters that start emphasis, code, links, raw HTML, entities or table cells. */
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]<>|~&]/g;

/** Text that renders literally, inline or in a table cell. */
export function mdText(text: string): string {
  return oneLine(text)
    .replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`)
    .replace(/\b(https?|ftp|file|mailto|javascript|data|vbscript):/gi, '$1\\:')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/@/g, '\\@')
    .replace(/^(#{1,6}|[+=-])(?=\s|$)/, '\\$1')
    .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}

/**
 * A code span. Code spans take their content literally (no escapes, no HTML); only the
 * backtick fence has to be longer than any backtick run inside. In a table cell `|` must
 * still be escaped, since GFM splits cells before it finds code spans.
 */
export function mdCode(text: string, inTable = false): string {
  let content = oneLine(text);
  if (inTable) content = content.replace(/\|/g, '\\|');
  if (!content.trim()) return mdText(text) || '\u2014';
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = content.startsWith('`') || content.endsWith('`') || (content.startsWith(' ') && content.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** `file:line` as a code span. */
export function mdLocation(location: { file: string; line?: number | undefined }, inTable = false): string {
  return mdCode(`${location.file}${location.line ? `:${location.line}` : ''}`, inTable);
}

/**
 * A quoted Mermaid label. Everything outside a small safe set becomes a Mermaid entity
 * code (`#60;`), so quotes, brackets, pipes, backticks and `<` can neither end the label,
 * nor the fenced block, nor reach Mermaid's HTML labels.
 */
export function mermaidLabel(text: string): string {
  const safe = [...oneLine(text)].map((c) => (/[A-Za-z0-9 _.,:/@+-]/.test(c) ? c : `#${c.codePointAt(0)};`)).join('');
  return `"${safe}"`;
}
