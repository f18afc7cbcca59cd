/** An argument of a template command: a literal, `.a.b`, `$x.a`, a function name, or `( pipeline ).a`. */
export type Operand =
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'field'; variable?: string; path: string[] }
  | { kind: 'ident'; name: string }
  | { kind: 'paren'; pipeline: Pipeline; path: string[] };

export interface Command {
  operands: Operand[];
}

/** `$a, $b := cmd | cmd`: the declared (or assigned) variables and the commands. */
export interface Pipeline {
  variables: string[];
  assign: boolean;
  commands: Command[];
}

export type Action =
  | { kind: 'output'; pipeline: Pipeline }
  | { kind: 'if' | 'with' | 'range'; pipeline: Pipeline }
  | { kind: 'else'; chain?: { kind: 'if' | 'with'; pipeline: Pipeline } }
  | { kind: 'end' }
  | { kind: 'define'; name: string }
  | { kind: 'template' | 'block'; name: string; pipeline?: Pipeline };

type Token =
  | { t: 'str'; v: string }
  | { t: 'num'; v: number }
  | { t: 'ident'; v: string }
  | { t: 'field'; path: string[]; adjacent: boolean }
  | { t: 'var'; name: string; path: string[] }
  | { t: '(' | ')' | '|' | ',' | ':=' | '=' };

const LEXEMES: [RegExp, (m: RegExpExecArray, adjacent: boolean) => Token | null][] = [
  [/"(?:[^"\\\n]|\\.)*"/y, (m) => ({ t: 'str', v: unquote(m[0]) })],
  [/`[^`]*`/y, (m) => ({ t: 'str', v: m[0].slice(1, -1) })],
  [/[-+]?(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)/y, (m) => ({ t: 'num', v: Number(m[0]) })],
  [/(?:\.[A-Za-z_][A-Za-z0-9_]*)+|\./y, (m, adjacent) => ({ t: 'field', path: m[0] === '.' ? [] : m[0].slice(1).split('.'), adjacent })],
  [/\$[A-Za-z0-9_]*((?:\.[A-Za-z_][A-Za-z0-9_]*)*)/y, (m) => ({ t: 'var', name: m[0].slice(0, m[0].length - (m[1] ?? '').length), path: m[1] ? m[1].slice(1).split('.') : [] })],
  [/[A-Za-z_][A-Za-z0-9_]*/y, (m) => ({ t: 'ident', v: m[0] })],
  [/:=|[()|,=]/y, (m) => ({ t: m[0] as '(' | ')' | '|' | ',' | ':=' | '=' })],
];

function unquote(literal: string): string {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return literal.slice(1, -1);
  }
}

function tokenize(body: string): Token[] | null {
  const out: Token[] = [];
  let pos = 0;
  let adjacent = false;
  while (pos < body.length) {
    const ws = /\s+/y;
    ws.lastIndex = pos;
    if (ws.exec(body)) {
      pos = ws.lastIndex;
      adjacent = false;
      continue;
    }
    let matched: Token | null = null;
    for (const [re, make] of LEXEMES) {
      re.lastIndex = pos;
      const m = re.exec(body);
      if (!m) continue;
      matched = make(m, adjacent);
      pos = re.lastIndex;
      break;
    }
    if (!matched) return null;
    out.push(matched);
    adjacent = matched.t === ')';
  }
  return out;
}

const MAX_DEPTH = 32;

class Parser {
  i = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  done(): boolean {
    return this.i >= this.tokens.length;
  }

  pipeline(depth: number): Pipeline | null {
    if (depth > MAX_DEPTH) return null;
    const variables: string[] = [];
    let assign = false;
    const a = this.peek();
    const b = this.peek(1);
    if (a?.t === 'var' && !a.path.length && (b?.t === ':=' || b?.t === '=')) {
      variables.push(a.name);
      assign = b.t === '=';
      this.i += 2;
    } else if (a?.t === 'var' && b?.t === ',') {
      const c = this.peek(2);
      if (c?.t !== 'var' || this.peek(3)?.t !== ':=') return null;
      variables.push(a.name, c.name);
      this.i += 4;
    }
    const commands: Command[] = [];
    for (;;) {
      const operands: Operand[] = [];
      while (!this.done() && this.peek()?.t !== '|' && this.peek()?.t !== ')') {
        const operand = this.operand(depth);
        if (!operand) return null;
        operands.push(operand);
      }
      if (!operands.length) return null;
      commands.push({ operands });
      if (this.peek()?.t !== '|') break;
      this.i++;
    }
    return { variables, assign, commands };
  }

  operand(depth: number): Operand | null {
    const tok = this.tokens[this.i++];
    if (!tok) return null;
    switch (tok.t) {
      case 'str':
      case 'num':
        return { kind: 'literal', value: tok.v };
      case 'ident':
        if (tok.v === 'true' || tok.v === 'false') return { kind: 'literal', value: tok.v === 'true' };
        if (tok.v === 'nil') return { kind: 'literal', value: null };
        return { kind: 'ident', name: tok.v };
      case 'field':
        return { kind: 'field', path: tok.path };
      case 'var':
        return { kind: 'field', variable: tok.name, path: tok.path };
      case '(': {
        const pipeline = this.pipeline(depth + 1);
        if (!pipeline || this.tokens[this.i++]?.t !== ')') return null;
        const next = this.peek();
        if (next?.t === 'field' && next.adjacent && next.path.length) {
          this.i++;
          return { kind: 'paren', pipeline, path: next.path };
        }
        return { kind: 'paren', pipeline, path: [] };
      }
      default:
        return null;
    }
  }
}

/** Parses the body of one action; null when it uses syntax this reader does not know. */
export function parseAction(body: string): Action | null {
  const tokens = tokenize(body);
  if (!tokens?.length) return null;
  const head = tokens[0];
  const keyword = head?.t === 'ident' ? head.v : '';
  const rest = (from: number): Pipeline | null => {
    const parser = new Parser(tokens.slice(from));
    const pipeline = parser.pipeline(0);
    return pipeline && parser.done() ? pipeline : null;
  };
  switch (keyword) {
    case 'if':
    case 'with':
    case 'range': {
      const pipeline = rest(1);
      return pipeline ? { kind: keyword, pipeline } : null;
    }
    case 'else': {
      if (tokens.length === 1) return { kind: 'else' };
      const next = tokens[1];
      if (next?.t !== 'ident' || (next.v !== 'if' && next.v !== 'with')) return null;
      const pipeline = rest(2);
      return pipeline ? { kind: 'else', chain: { kind: next.v, pipeline } } : null;
    }
    case 'end':
      return tokens.length === 1 ? { kind: 'end' } : null;
    case 'define':
    case 'template':
    case 'block': {
      const name = tokens[1];
      if (name?.t !== 'str') return null;
      if (keyword === 'define') return tokens.length === 2 ? { kind: 'define', name: name.v } : null;
      if (tokens.length === 2) return { kind: keyword, name: name.v };
      const pipeline = rest(2);
      return pipeline ? { kind: keyword, name: name.v, pipeline } : null;
    }
    case 'break':
    case 'continue':
      return null;
    default: {
      const pipeline = rest(0);
      return pipeline ? { kind: 'output', pipeline } : null;
    }
  }
}
