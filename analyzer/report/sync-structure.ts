import type { Report } from '../types/index.js';
import { compareStrings } from './report-index.js';

/** The shape of the synchronous call graph (HTTP and gRPC edges): cycles, the deepest chain, fan-out and fan-in. */
export interface SyncStructure {
  /** Groups of nodes that call each other in a cycle (strongly connected, two or more nodes). */
  cycles: string[][];
  /** The longest chain of synchronous calls, one step per node, or per cycle (its members together). */
  longest: string[][];
  /** Distinct synchronous callees per caller. */
  fanOut: Map<string, string[]>;
  /** Distinct synchronous callers per callee. */
  fanIn: Map<string, string[]>;
}

export function syncStructure(report: Report): SyncStructure {
  const fanOut = new Map<string, Set<string>>();
  const fanIn = new Map<string, Set<string>>();
  for (const e of report.edges) {
    if (e.kind !== 'http' && e.kind !== 'grpc') continue;
    if (!fanOut.has(e.from)) fanOut.set(e.from, new Set());
    if (!fanIn.has(e.to)) fanIn.set(e.to, new Set());
    fanOut.get(e.from)!.add(e.to);
    fanIn.get(e.to)!.add(e.from);
  }
  const nodes = [...new Set([...fanOut.keys(), ...fanIn.keys()])].sort(compareStrings);
  const next = (id: string): string[] => [...(fanOut.get(id) ?? [])].sort(compareStrings);
  const components = stronglyConnected(nodes, next);
  const cycles = components.filter((c) => c.length > 1 || next(c[0]!).includes(c[0]!)).map((c) => [...c].sort(compareStrings));
  return {
    cycles: cycles.sort((a, b) => b.length - a.length || compareStrings(a[0]!, b[0]!)),
    longest: longestChain(nodes, next, components),
    fanOut: sortedMap(fanOut),
    fanIn: sortedMap(fanIn),
  };
}

function sortedMap(map: Map<string, Set<string>>): Map<string, string[]> {
  return new Map([...map].map(([k, v]) => [k, [...v].sort(compareStrings)]));
}

/** Tarjan's algorithm, iterative so deep graphs cannot overflow the stack. */
function stronglyConnected(nodes: string[], next: (id: string) => string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  let counter = 0;
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: { id: string; children: string[]; i: number }[] = [];
    const enter = (id: string): void => {
      index.set(id, counter);
      low.set(id, counter++);
      stack.push(id);
      onStack.add(id);
      work.push({ id, children: next(id), i: 0 });
    };
    enter(start);
    while (work.length) {
      const frame = work[work.length - 1]!;
      if (frame.i < frame.children.length) {
        const child = frame.children[frame.i++]!;
        if (!index.has(child)) enter(child);
        else if (onStack.has(child)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(child)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        result.push(component);
      }
    }
  }
  return result;
}

/** Longest path over the condensation (each cycle collapsed), expanded back to one node per step. */
function longestChain(nodes: string[], next: (id: string) => string[], components: string[][]): string[][] {
  const componentOf = new Map<string, number>();
  components.forEach((c, i) => c.forEach((id) => componentOf.set(id, i)));
  // Tarjan emits components in reverse topological order: successors first.
  const best = new Map<number, { length: number; path: string[][] }>();
  components.forEach((component, i) => {
    const head = [...component].sort(compareStrings);
    let bestNext: { length: number; path: string[][] } = { length: 0, path: [] };
    for (const id of component) {
      for (const child of next(id)) {
        const c = componentOf.get(child)!;
        if (c === i) continue;
        const candidate = best.get(c)!;
        if (candidate.length + 1 > bestNext.length) bestNext = { length: candidate.length + 1, path: candidate.path };
      }
    }
    best.set(i, { length: bestNext.length, path: [head, ...bestNext.path] });
  });
  let longest: string[][] = [];
  for (const id of nodes) {
    const candidate = best.get(componentOf.get(id)!)!;
    if (candidate.path.length > longest.length) longest = candidate.path;
  }
  return longest.length > 1 ? longest : [];
}
