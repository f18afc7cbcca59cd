/**
 * Compose-style variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}`, `$$` for a literal dollar,
 * and nesting inside defaults (`${A:-${B:-x}}`). Never reads the process environment.
 */
export interface InterpolationHooks {
  lookup(name: string): string | undefined;
  /** A variable was used without a value and without a default. */
  onMissing?(name: string): void;
  /** `${VAR:?message}` fired. */
  onRequired?(name: string, message: string): void;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const MAX_DEPTH = 20;

export function interpolate(text: string, hooks: InterpolationHooks, depth = 0): string {
  if (!text.includes('$')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const end = matchingBrace(text, i + 1);
      if (end < 0) {
        out += text.slice(i);
        break;
      }
      out += expandBraced(text.slice(i + 2, end), hooks, depth);
      i = end + 1;
      continue;
    }
    const name = NAME.exec(text.slice(i + 1))?.[0];
    if (name) {
      out += valueOf(name, hooks);
      i += 1 + name.length;
      continue;
    }
    out += '$';
    i++;
  }
  return out;
}

function valueOf(name: string, hooks: InterpolationHooks): string {
  const value = hooks.lookup(name);
  if (value === undefined) {
    hooks.onMissing?.(name);
    return '';
  }
  return value;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    if (text[j] === '{') depth++;
    else if (text[j] === '}') {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

function expandBraced(body: string, hooks: InterpolationHooks, depth: number): string {
  const name = NAME.exec(body)?.[0];
  if (!name) return '';
  const rest = body.slice(name.length);
  const value = hooks.lookup(name);
  const nested = (word: string): string => (depth >= MAX_DEPTH ? word : interpolate(word, hooks, depth + 1));
  if (rest === '') return valueOf(name, hooks);
  const op = /^(:-|-|:\?|\?|:\+|\+)/.exec(rest)?.[0];
  if (!op) return valueOf(name, hooks);
  const word = rest.slice(op.length);
  const unsetOrEmpty = value === undefined || value === '';
  switch (op) {
    case ':-':
      return unsetOrEmpty ? nested(word) : value;
    case '-':
      return value === undefined ? nested(word) : value;
    case ':?':
    case '?': {
      const missing = op === ':?' ? unsetOrEmpty : value === undefined;
      if (missing) {
        hooks.onRequired?.(name, nested(word));
        return '';
      }
      return value ?? '';
    }
    case ':+':
      return unsetOrEmpty ? '' : nested(word);
    case '+':
      return value === undefined ? '' : nested(word);
    default:
      return value ?? '';
  }
}
