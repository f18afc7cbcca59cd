/**
 * Tokenizer for nginx configuration syntax, following nginx's own `ngx_conf_read_token`:
 * words end at whitespace, `;` or `{` (but `${` continues a word, so `${VAR}` stays one
 * word); `}` is a token only where a word could start; `#` starts a comment only there
 * too; single- and double-quoted strings take the escapes `\" \' \\ \t \r \n`. The body of
 * an OpenResty `*_by_lua_block { ... }` is Lua, not nginx syntax: it is skipped with its
 * strings and comments, and only its braces are returned.
 */
export type NginxToken =
  | { type: 'word'; value: string; line: number; quoted: boolean }
  | { type: '{' | '}' | ';'; line: number };

export interface NginxSyntaxError {
  line: number;
  message: string;
}

export interface TokenizeResult {
  tokens: NginxToken[];
  errors: NginxSyntaxError[];
}

const SPACE = new Set([' ', '\t', '\r', '\n', '\f', '\v']);
const ESCAPES: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', t: '\t', r: '\r', n: '\n' };

export function tokenizeNginx(text: string): TokenizeResult {
  const tokens: NginxToken[] = [];
  const errors: NginxSyntaxError[] = [];
  let i = 0;
  let line = 1;
  /** First word of the statement being read, to recognise Lua blocks. */
  let statementName: string | undefined;

  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\n') {
      line++;
      i++;
    } else if (SPACE.has(ch)) {
      i++;
    } else if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === ';' || ch === '}') {
      tokens.push({ type: ch, line });
      statementName = undefined;
      i++;
    } else if (ch === '{') {
      tokens.push({ type: '{', line });
      i++;
      if (statementName?.endsWith('_by_lua_block')) {
        const end = skipLuaBody(text, i, line);
        if (end.closed) tokens.push({ type: '}', line: end.line });
        else errors.push({ line, message: `Lua block "${statementName}" is not closed` });
        i = end.index;
        line = end.line;
      }
      statementName = undefined;
    } else if (ch === '"' || ch === "'") {
      const start = line;
      let value = '';
      let j = i + 1;
      let closed = false;
      while (j < text.length) {
        const c = text[j]!;
        if (c === '\\' && j + 1 < text.length) {
          const next = text[j + 1]!;
          value += ESCAPES[next] ?? `\\${next}`;
          if (next === '\n') line++;
          j += 2;
          continue;
        }
        if (c === ch) {
          closed = true;
          j++;
          break;
        }
        if (c === '\n') line++;
        value += c;
        j++;
      }
      if (!closed) errors.push({ line: start, message: `unterminated ${ch === '"' ? 'double' : 'single'}-quoted string` });
      tokens.push({ type: 'word', value, line: start, quoted: true });
      statementName ??= value;
      i = j;
    } else {
      const start = line;
      let value = '';
      let j = i;
      while (j < text.length) {
        const c = text[j]!;
        if (SPACE.has(c) || c === ';') break;
        if (c === '{' && text[j - 1] !== '$') break;
        if (c === '\\' && j + 1 < text.length) {
          const next = text[j + 1]!;
          value += ESCAPES[next] ?? `\\${next}`;
          if (next === '\n') line++;
          j += 2;
          continue;
        }
        value += c;
        j++;
      }
      tokens.push({ type: 'word', value, line: start, quoted: false });
      statementName ??= value;
      i = j;
    }
  }
  return { tokens, errors };
}

/** Skips a Lua block body from just after its `{`; returns the index after the matching `}`. */
function skipLuaBody(text: string, start: number, startLine: number): { index: number; line: number; closed: boolean } {
  let i = start;
  let line = startLine;
  let depth = 1;
  const skipTo = (end: number): void => {
    const stop = end < 0 ? text.length : end;
    for (let k = i; k < stop; k++) if (text[k] === '\n') line++;
    i = stop;
  };
  while (i < text.length) {
    const ch = text[i]!;
    const long = /^\[(=*)\[/.exec(text.slice(i, i + 64));
    if (text.startsWith('--', i)) {
      const longComment = /^--\[(=*)\[/.exec(text.slice(i, i + 64));
      if (longComment) {
        const close = text.indexOf(`]${longComment[1]}]`, i);
        skipTo(close < 0 ? -1 : close + longComment[1]!.length + 2);
      } else {
        const close = text.indexOf('\n', i);
        skipTo(close);
      }
    } else if (long) {
      const close = text.indexOf(`]${long[1]}]`, i + long[0].length);
      skipTo(close < 0 ? -1 : close + long[1]!.length + 2);
    } else if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== ch && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      skipTo(Math.min(j + 1, text.length));
    } else {
      if (ch === '\n') line++;
      else if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) return { index: i + 1, line, closed: true };
      i++;
    }
  }
  return { index: i, line, closed: false };
}
