import type { GraphModel } from './graph-model.js';

export interface NodeGroup {
  id: string;
  label: string;
  by: 'namespace' | 'community';
  members: string[];
}

/** Graphs larger than this open grouped; a group expands on demand. */
export const GROUP_THRESHOLD = 120;
const EDGE_WEIGHT = { sync: 3, async: 2, data: 2, declared: 1 } as const;

/**
 * Groups for large graphs: by namespace when the services span several, otherwise by
 * community (deterministic label propagation). Datastores and channels join the group
 * of most of their neighbours. Nodes with no connection share one group.
 */
export function computeGroups(model: GraphModel): NodeGroup[] {
  const ids = model.nodes.map((n) => n.id).sort(cmp);
  const neighbours = new Map<string, Map<string, number>>(ids.map((id) => [id, new Map()]));
  for (const e of model.edges) {
    if (e.from === e.to) continue;
    const w = EDGE_WEIGHT[e.cls];
    neighbours.get(e.from)!.set(e.to, (neighbours.get(e.from)!.get(e.to) ?? 0) + w);
    neighbours.get(e.to)!.set(e.from, (neighbours.get(e.to)!.get(e.from) ?? 0) + w);
  }
  const namespaces = new Set(model.nodes.filter((n) => n.namespace).map((n) => n.namespace!));
  const by: NodeGroup['by'] = namespaces.size >= 2 && namespaces.size <= 60 ? 'namespace' : 'community';
  const label = new Map<string, string>();
  if (by === 'namespace') {
    for (const n of model.nodes) if (n.namespace) label.set(n.id, `ns:${n.namespace}`);
    spread(ids, neighbours, label, false);
  } else {
    for (const id of ids) label.set(id, id);
    spread(ids, neighbours, label, true, hubsOf(ids, neighbours));
    splitLarge(ids, neighbours, label);
    mergeSmall(ids, neighbours, label);
  }
  const members = new Map<string, string[]>();
  for (const id of ids) {
    const isolated = neighbours.get(id)!.size === 0;
    const key = label.get(id) ?? (isolated ? '\u0000isolated' : '\u0000shared');
    const group = isolated && by === 'community' ? '\u0000isolated' : key;
    members.set(group, [...(members.get(group) ?? []), id]);
  }
  const taken = new Set(ids);
  const groups = [...members].map(([key, list]) => ({ key, list, label: groupLabel(key, list, model, neighbours) }));
  groups.sort((a, b) => cmp(a.label, b.label));
  return groups.map(({ list, label: text }, i) => {
    let id = `group:${i + 1}`;
    while (taken.has(id)) id = `${id}'`;
    taken.add(id);
    return { id, label: text, by, members: list };
  });
}

/**
 * Nodes connected to far more nodes than most (a gateway, a shared database): their labels
 * do not spread, or one hub would pull half the system into its community.
 */
function hubsOf(ids: string[], neighbours: Map<string, Map<string, number>>): Set<string> {
  const degrees = ids.map((id) => neighbours.get(id)!.size).sort((a, b) => a - b);
  const median = degrees[Math.floor(degrees.length / 2)] ?? 0;
  const limit = Math.max(8, 4 * median);
  return new Set(ids.filter((id) => neighbours.get(id)!.size > limit));
}

/** Asynchronous label propagation in id order; ties go to the smallest label, so the result is stable. */
function spread(ids: string[], neighbours: Map<string, Map<string, number>>, label: Map<string, string>, everyNode: boolean, hubs = new Set<string>(), damp = false): void {
  const fixed = new Set(everyNode ? [] : label.keys());
  for (let round = 0; round < 30; round++) {
    let changed = false;
    for (const id of ids) {
      if (fixed.has(id)) continue;
      const score = new Map<string, number>();
      const all = [...neighbours.get(id)!].filter(([other]) => label.has(other) || !damp);
      const heard = all.some(([other]) => !hubs.has(other)) ? all.filter(([other]) => !hubs.has(other)) : all;
      for (const [other, w] of heard) {
        const l = label.get(other);
        // With `damp`, a vote counts less the more neighbours the voter has, so busy nodes cannot flood a region.
        if (l !== undefined) score.set(l, (score.get(l) ?? 0) + (damp ? w / Math.sqrt(neighbours.get(other)!.size) : w));
      }
      let best: string | undefined;
      let bestScore = -1;
      for (const [l, s] of score) if (s > bestScore || (s === bestScore && cmp(l, best!) < 0)) [best, bestScore] = [l, s];
      if (best !== undefined && best !== label.get(id)) {
        label.set(id, best);
        changed = true;
      }
    }
    if (!changed) return;
  }
}

const SMALL = 4;

/** Communities larger than a fifth of the graph (and 60 nodes) are split again with damped votes. */
function splitLarge(ids: string[], neighbours: Map<string, Map<string, number>>, label: Map<string, string>): void {
  const limit = Math.max(60, Math.ceil(ids.length / 5));
  for (const [key, members] of membersOf(ids, label)) {
    if (members.length <= limit) continue;
    const inner = new Map<string, string>(members.map((id) => [id, id]));
    const sub = new Map(members.map((id) => [id, new Map([...neighbours.get(id)!].filter(([other]) => inner.has(other)))]));
    spread(members, sub, inner, true, new Set(), true);
    for (const id of members) label.set(id, `${key}\u0001${inner.get(id)}`);
  }
}

/** Communities of fewer than four nodes join the community they are most connected to. */
function mergeSmall(ids: string[], neighbours: Map<string, Map<string, number>>, label: Map<string, string>): void {
  const groups = membersOf(ids, label);
  for (const [key, members] of [...groups].sort((a, b) => a[1].length - b[1].length || cmp(a[0], b[0]))) {
    if (members.length >= SMALL) continue;
    const score = new Map<string, number>();
    for (const id of members)
      for (const [other, w] of neighbours.get(id)!) {
        const l = label.get(other)!;
        if (l !== key) score.set(l, (score.get(l) ?? 0) + w);
      }
    const best = [...score].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0];
    if (best) for (const id of members) label.set(id, best[0]);
  }
}

function membersOf(ids: string[], label: Map<string, string>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const l = label.get(id)!;
    groups.set(l, [...(groups.get(l) ?? []), id]);
  }
  return groups;
}

function groupLabel(key: string, list: string[], model: GraphModel, neighbours: Map<string, Map<string, number>>): string {
  if (key === '\u0000isolated') return 'Unconnected';
  if (key === '\u0000shared') return 'Shared infrastructure';
  if (key.startsWith('ns:')) return `namespace ${key.slice(3)}`;
  const hub = [...list].sort((a, b) => neighbours.get(b)!.size - neighbours.get(a)!.size || cmp(a, b))[0]!;
  return `${model.byId.get(hub)?.name ?? hub} cluster`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
