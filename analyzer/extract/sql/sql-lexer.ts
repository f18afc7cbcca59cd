/**
 * Tokens of a SQL statement, for the table reader. Dialect differences that matter for finding
 * table names are covered: `--` and nested `/* *\/` comments, '...' strings with '' escapes and
 * E/N/X/B prefixes, Postgres dollar quoting ($$...$$, $tag$...$tag$), "quoted" and `backtick`
 * identifiers, parameters ($1, ?, :name, @name) and the `::` cast operator. Strings and comments
 * become single tokens, so keywords inside them never count.
 */
export type TokenType = 'word' | 'quoted' | 'string' | 'number' | 'param' | 'punct' | 'op';

export interface Token {
  type: TokenType;
  /** The text: identifiers without their quotes, words as written. */
  value: string;
  /** Offset in the statement text. */
  pos: number;
}

const WORD_START = /[A-Za-z_\u00C0-\uFFFF]/;
const WORD_PART = /[A-Za-z0-9_$\u00C0-\uFFFF]/;
const PUNCT = new Set(['(', ')', ',', ';', '.', '[', ']']);
/** Upper bound on tokens read from one text; longer texts are read up to here. */
export const MAX_TOKENS = 20_000;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const n = text.length;
  let i = 0;
  const push = (type: TokenType, value: string, pos: number): void => {
    out.push({ type, value, pos });
  };
  while (i < n && out.length < MAX_TOKENS) {
    const c = text[i]!;
    const next = text[i + 1] ?? '';
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
      i++;
    } else if (c === '-' && next === '-') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      i = skipBlockComment(text, i);
    } else if (c === "'") {
      const end = skipQuoted(text, i, "'", false);
      push('string', text.slice(i + 1, end - 1).split("''").join("'"), i);
      i = end;
    } else if ((c === 'E' || c === 'e') && next === "'") {
      const end = skipQuoted(text, i + 1, "'", true);
      push('string', text.slice(i + 2, end - 1), i);
      i = end;
    } else if (/[NnXxBb]/.test(c) && next === "'" && !WORD_PART.test(text[i - 1] ?? ' ')) {
      const end = skipQuoted(text, i + 1, "'", false);
      push('string', text.slice(i + 2, end - 1), i);
      i = end;
    } else if (c === '"' || c === '`') {
      const end = skipQuoted(text, i, c, false);
      push('quoted', text.slice(i + 1, end - 1).split(c + c).join(c), i);
      i = end;
    } else if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        const end = close < 0 ? n : close + tag[0].length;
        push('string', text.slice(i + tag[0].length, close < 0 ? n : close), i);
        i = end;
      } else {
        let j = i + 1;
        while (j < n && /[0-9]/.test(text[j]!)) j++;
        push('param', text.slice(i, j), i);
        i = j;
      }
    } else if (c === '?') {
      push('param', '?', i);
      i++;
    } else if ((c === ':' || c === '@') && WORD_START.test(next) && text[i - 1] !== ':') {
      let j = i + 1;
      while (j < n && WORD_PART.test(text[j]!)) j++;
      push('param', text.slice(i, j), i);
      i = j;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(next))) {
      const m = /^(\d*\.?\d+|\d+\.)([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
      const len = m ? m[0].length : 1;
      push('number', text.slice(i, i + len), i);
      i += len;
    } else if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < n && WORD_PART.test(text[j]!)) j++;
      push('word', text.slice(i, j), i);
      i = j;
    } else if (PUNCT.has(c)) {
      push('punct', c, i);
      i++;
    } else {
      let j = i + 1;
      while (j < n && /[<>=!|&+\-*/%^~#:]/.test(text[j]!) && !(text[j] === '-' && text[j + 1] === '-') && !(text[j] === '/' && text[j + 1] === '*')) j++;
      push('op', text.slice(i, j), i);
      i = j;
    }
  }
  return out;
}

/** Index after a quoted run starting at `start` (the opening quote); doubled quotes escape. */
function skipQuoted(text: string, start: number, quote: string, backslash: boolean): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (backslash && c === '\\') i += 2;
    else if (c === quote && text[i + 1] === quote) i += 2;
    else if (c === quote) return i + 1;
    else i++;
  }
  return text.length;
}

/** Index after a block comment starting at `start`; Postgres block comments nest. */
function skipBlockComment(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return text.length;
}
