/** Text between actions, with the 1-based template line of its first character. */
export interface TextToken {
  kind: 'text';
  text: string;
  line: number;
}

/** One `{{ ... }}` action: its body without delimiters and trim markers, and where it starts. */
export interface ActionToken {
  kind: 'action';
  body: string;
  line: number;
}

export type TemplateToken = TextToken | ActionToken;

export interface LexResult {
  tokens: TemplateToken[];
  /** Set when an action is never closed; the text after it is dropped. */
  unclosed?: { line: number; body: string };
}

const TRIM_SPACE = /[ \t\r\n]/;

/**
 * Splits a Go template into text and actions the way text/template's lexer does:
 * `{{- ` trims the white space before the action, ` -}}` the white space after it,
 * `{{/* *\/}}` comments vanish, and `}}` inside a string literal does not close an action.
 */
export function lexTemplate(source: string): LexResult {
  const newlines: number[] = [];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) newlines.push(i);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((newlines[mid] ?? 0) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };

  const tokens: TemplateToken[] = [];
  const pushText = (from: number, to: number, trimEnd: boolean): void => {
    let end = to;
    if (trimEnd) while (end > from && TRIM_SPACE.test(source[end - 1] ?? '')) end--;
    if (end > from) tokens.push({ kind: 'text', text: source.slice(from, end), line: lineOf(from) });
  };

  let pos = 0;
  while (pos < source.length) {
    const open = source.indexOf('{{', pos);
    if (open < 0) {
      pushText(pos, source.length, false);
      break;
    }
    const trimLeft = source[open + 2] === '-' && TRIM_SPACE.test(source[open + 3] ?? '');
    const innerStart = open + (trimLeft ? 3 : 2);
    const close = findClose(source, innerStart);
    pushText(pos, open, trimLeft);
    if (close < 0) return { tokens, unclosed: { line: lineOf(open), body: source.slice(innerStart, innerStart + 200).trim() } };
    const trimRight = source[close - 1] === '-' && close - 2 >= innerStart && TRIM_SPACE.test(source[close - 2] ?? '');
    const body = source.slice(innerStart, trimRight ? close - 1 : close).trim();
    if (!(body.startsWith('/*') && body.endsWith('*/'))) tokens.push({ kind: 'action', body, line: lineOf(open) });
    pos = close + 2;
    if (trimRight) while (pos < source.length && TRIM_SPACE.test(source[pos] ?? '')) pos++;
  }
  return { tokens };
}

/** Offset of the `}}` closing the action whose body starts at `from`, or -1. */
function findClose(source: string, from: number): number {
  let i = from;
  while (i < source.length && TRIM_SPACE.test(source[i] ?? '')) i++;
  if (source.startsWith('/*', i)) {
    const end = source.indexOf('*/', i + 2);
    return end < 0 ? -1 : source.indexOf('}}', end + 2);
  }
  while (i < source.length) {
    const c = source[i];
    if (c === '}' && source[i + 1] === '}') return i;
    if (c === '"' || c === "'") {
      i++;
      while (i < source.length && source[i] !== c && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
    } else if (c === '`') {
      const end = source.indexOf('`', i + 1);
      if (end < 0) return -1;
      i = end;
    }
    i++;
  }
  return -1;
}
