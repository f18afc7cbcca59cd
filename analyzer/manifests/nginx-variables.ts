import type { NginxDirective } from './nginx-parser.js';

/** Marks a variable no `set` or `map` defines; `\u0000name\u0000` survives URL parsing and is found again. */
const MARK = '\u0000';
const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*)|(\d))/g;
const MAX_VALUES = 32;
const MAX_DEPTH = 5;
/**
 * Request variables that only ever hold a path or a query: standing in for them keeps
 * `http://$backend$request_uri` readable as a host followed by a path.
 */
const REQUEST_PARTS = new Map([['request_uri', '/'], ['uri', '/'], ['document_uri', '/'], ['is_args', '?'], ['args', ''], ['query_string', '']]);

/**
 * The values a variable can take: `set $name value` in the enclosing blocks (the nearest
 * block that sets it wins; its `if` blocks count too, since either branch may run), else
 * every value of a `map ... $name { }`. Variables set by a request (`$host`, regex
 * captures) have no value here, except the path and query ones (`$request_uri`, `$uri`, `$args`).
 */
export class NginxVariables {
  private readonly maps = new Map<string, string[]>();

  constructor(tree: readonly NginxDirective[]) {
    const visit = (directives: readonly NginxDirective[]): void => {
      for (const d of directives) {
        if (d.name === 'map' && d.block && d.args.length === 2) {
          const name = variableName(d.args[1]!);
          const values = d.block.filter((e) => e.args.length === 1 && e.name !== 'include').map((e) => e.args[0]!);
          if (name) this.maps.set(name, [...new Set([...(this.maps.get(name) ?? []), ...values])]);
        } else if (d.block && d.name !== 'stream') visit(d.block);
      }
    };
    visit(tree);
  }

  lookup(name: string, scopes: readonly (readonly NginxDirective[])[]): string[] | undefined {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const values = setValues(name, scopes[i]!);
      if (values.length) return [...new Set(values)];
    }
    const fixed = REQUEST_PARTS.get(name);
    return this.maps.get(name) ?? (fixed === undefined ? undefined : [fixed]);
  }

  /**
   * Every string `text` can become once its variables are replaced (capped); a variable
   * without a value is left as a mark that `unresolvedIn` finds.
   */
  expand(text: string, scopes: readonly (readonly NginxDirective[])[], depth = 0): string[] {
    let results = [''];
    let last = 0;
    for (const m of text.matchAll(VARIABLE)) {
      const name = m[1] ?? m[2] ?? m[3] ?? '';
      const literal = text.slice(last, m.index);
      const values = depth < MAX_DEPTH ? this.lookup(name, scopes) : undefined;
      const options = values?.length ? values.flatMap((v) => this.expand(v, scopes, depth + 1)) : [`${MARK}${name}${MARK}`];
      results = results.flatMap((r) => options.map((o) => r + literal + o)).slice(0, MAX_VALUES);
      last = (m.index ?? 0) + m[0].length;
    }
    return results.map((r) => r + text.slice(last));
  }
}

/** Name of the first variable left unresolved in an expanded string, or undefined. */
export function unresolvedIn(text: string): string | undefined {
  const start = text.indexOf(MARK);
  if (start < 0) return undefined;
  const end = text.indexOf(MARK, start + 1);
  return text.slice(start + 1, end < 0 ? undefined : end);
}

function variableName(arg: string): string | undefined {
  const m = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(arg);
  return m?.[1];
}

function setValues(name: string, directives: readonly NginxDirective[]): string[] {
  const out: string[] = [];
  for (const d of directives) {
    if (d.name === 'set' && d.args.length >= 2 && variableName(d.args[0]!) === name) out.push(d.args[1]!);
    else if (d.name === 'if' && d.block) out.push(...setValues(name, d.block));
  }
  return out;
}
