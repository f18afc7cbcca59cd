import type { Fact, FactOf } from '../types/index.js';

const byKind = new WeakMap<readonly Fact[], { length: number; index: Map<Fact['kind'], Fact[]> }>();

/**
 * Facts of one kind, in their order; indexed once per facts array, so linkers and rules can
 * ask for them per service without scanning every fact each time. (An array that grew since
 * it was indexed is indexed again.)
 */
export function factsOf<K extends Fact['kind']>(facts: readonly Fact[], kind: K): FactOf<K>[] {
  let entry = byKind.get(facts);
  if (!entry || entry.length !== facts.length) {
    const index = new Map<Fact['kind'], Fact[]>();
    for (const fact of facts) {
      const list = index.get(fact.kind);
      if (list) list.push(fact);
      else index.set(fact.kind, [fact]);
    }
    entry = { length: facts.length, index };
    byKind.set(facts, entry);
  }
  return (entry.index.get(kind) ?? []) as FactOf<K>[];
}
