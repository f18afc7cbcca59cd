/**
 * Compose-style variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}`, `$$` for a literal dollar,
 * and nesting inside defaults (`${A:-${B:-x}}`). Never reads the process environment.
 */
export interface InterpolationHooks {
  lookup(name: string): string | undefined;
  /**
   * Characters substitutions may still add, shared by every value of a file; a reference
   * whose value does not fit is left as written. Without one, expansion is unbounded.
   */
  budget?: ExpansionBudget;
  /** A variable was used without a value and without a default. */
  onMissing?(name: string): void;
  /** `${VAR:?message}` fired. */
  onRequired?(name: string, message: string): void;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const MAX_DEPTH = 20;

/**
 * What variable substitution may add to one file (`limits.maxExpansionBytes`): `.env` files
 * whose values double each other, or a value used in every field, stop growing here instead
 * of exhausting memory. `exhausted` says a reference was left as written.
 */
export class ExpansionBudget {
  exhausted = false;
  /** `onExhausted` runs once, the first time a value does not fit. */
  constructor(
    public remaining: number,
    private readonly onExhausted?: () => void,
  ) {}

  /** The value when it fits (and charges it), else null. */
  take(value: string): string | null {
    if (value.length > this.remaining) {
      if (!this.exhausted) this.onExhausted?.();
      this.exhausted = true;
      return null;
    }
    this.remaining -= value.length;
    return value;
  }
}

export const DEFAULT_MAX_EXPANSION = 4 * 1024 * 1024;

/** The diagnostic for a budget that ran out in `file`. */
export function expansionDiagnostic(file: string, limit: number): { level: 'warning'; code: string; file: string; message: string } {
  return { level: 'warning', code: 'expansion-limit', file, message: `variable substitution stopped after adding ${limit} characters (limits.maxExpansionBytes); later references are left as written` };
}

function take(value: string, hooks: InterpolationHooks): string | null {
  return hooks.budget ? hooks.budget.take(value) : value;
}

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
      out += expandBraced(text.slice(i + 2, end), hooks, depth) ?? text.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    const name = NAME.exec(text.slice(i + 1))?.[0];
    if (name) {
      out += valueOf(name, hooks) ?? `$${name}`;
      i += 1 + name.length;
      continue;
    }
    out += '$';
    i++;
  }
  return out;
}

function valueOf(name: string, hooks: InterpolationHooks): string | null {
  const value = hooks.lookup(name);
  if (value === undefined) {
    hooks.onMissing?.(name);
    return '';
  }
  return take(value, hooks);
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

/** The expansion of `${body}`, or null when a value did not fit the budget. */
function expandBraced(body: string, hooks: InterpolationHooks, depth: number): string | null {
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
      return unsetOrEmpty ? nested(word) : take(value, hooks);
    case '-':
      return value === undefined ? nested(word) : take(value, hooks);
    case ':?':
    case '?': {
      const missing = op === ':?' ? unsetOrEmpty : value === undefined;
      if (missing) {
        hooks.onRequired?.(name, nested(word));
        return '';
      }
      return take(value ?? '', hooks);
    }
    case ':+':
      return unsetOrEmpty ? '' : nested(word);
    case '+':
      return value === undefined ? '' : nested(word);
    default:
      return take(value ?? '', hooks);
  }
}
