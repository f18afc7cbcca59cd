import type { SymString } from './code-facts.js';

/** Display form of a symbolic string: literals as written, `${ENV}` for variables, `{name}` for anything unknown. */
export function symText(sym: SymString): string {
  return sym
    .map((p) => ('lit' in p ? p.lit : 'env' in p ? `\${${p.env}}` : 'param' in p ? `{param${p.param}}` : 'ref' in p ? `{${p.ref.name}}` : 'list' in p ? `[${p.list.map(symText).join(', ')}]` : 'scope' in p ? `{fn ${p.scope}}` : `{${p.unknown}}`))
    .join('');
}
