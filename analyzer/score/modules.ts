import { UndirectedGraph } from 'graphology';
import louvain from 'graphology-communities-louvain';
import type { ModuleAnalysis, ModuleCluster, ModuleGraph } from '../types/index.js';
import { compare, round2 } from './system-view.js';

/** A cluster with fewer files than this is too small to stand alone. */
export const MIN_CLUSTER_FILES = 3;
/** Modularity from which the clusters count as clear (0.3 is the usual mark of real community structure). */
export const CLEAR_MODULARITY = 0.3;
/** Scopes with fewer files than this are not clustered. */
const MIN_FILES = 4;
const SEED = 0x5eed;
/** A table used by more files than this links nothing: it is everyone's, not a module's. */
const MAX_TABLE_USERS = 20;

export interface ModuleScope {
  /** Service name, or null for a repository without manifests. */
  service: string | null;
  /** Files of the scope (root-relative). */
  files: ReadonlySet<string>;
}

/**
 * Candidate bounded contexts inside one deployable: the files form an undirected graph
 * (an import weighs one; files using one table are linked, the table's one unit of weight
 * spread over its users), Louvain with a seeded random generator groups them, and each cluster is measured by
 * cohesion (internal imports over all imports touching it), imports across clusters and
 * tables shared with other clusters. Candidates for extraction are ranked: fewest shared
 * tables, then highest cohesion, then fewest cross-cluster imports.
 */
export function analyzeModules(graph: ModuleGraph, scope: ModuleScope): ModuleAnalysis {
  const files = graph.files.filter((f) => scope.files.has(f.file));
  const imports = graph.imports.filter((i) => scope.files.has(i.from) && scope.files.has(i.to));
  const base = { service: scope.service, files: files.length, imports: imports.length, tablesMeasured: graph.tablesMeasured };
  if (files.length < MIN_FILES || !imports.length)
    return { ...base, modularity: 0, clusters: [], notes: [`not clustered: ${plural(files.length, 'code file')} and ${plural(imports.length, 'import')} between them are too few to show structure`] };

  // Widely shared files (a logger, the database pool) and composition roots (the entry point
  // that wires every module) would pull unrelated modules together: they stay out of the
  // clustering and show up as the shared kernel and in the notes.
  const prefix = commonDir(files.map((f) => f.file));
  const { kernel, entries } = hubs(files.map((f) => f.file), imports, prefix);
  const clustered = files.filter((f) => !kernel.has(f.file) && !entries.has(f.file));
  const g = new UndirectedGraph<Record<string, never>, { weight: number }>();
  for (const f of clustered) g.addNode(f.file);
  const weights = new Map<string, number>();
  const link = (a: string, b: string, w: number): void => {
    const key = a < b ? `${a}\u0001${b}` : `${b}\u0001${a}`;
    weights.set(key, (weights.get(key) ?? 0) + w);
  };
  for (const i of imports) if (g.hasNode(i.from) && g.hasNode(i.to)) link(i.from, i.to, 1);
  // Files that use one table are linked, one unit of weight per table spread over its users.
  const users = new Map<string, string[]>();
  for (const f of clustered) for (const t of f.tables) users.set(t, [...(users.get(t) ?? []), f.file]);
  for (const [, list] of [...users].sort(([a], [b]) => compare(a, b))) {
    if (list.length < 2 || list.length > MAX_TABLE_USERS) continue;
    for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) link(list[i]!, list[j]!, 1 / (list.length - 1));
  }
  for (const [key, weight] of [...weights].sort(([a], [b]) => compare(a, b))) {
    const [a, b] = key.split('\u0001') as [string, string];
    g.addEdge(a, b, { weight });
  }
  if (!g.size) return { ...base, modularity: 0, clusters: [], notes: ['not clustered: without the shared files and entry points, no imports are left between the files'] };
  const detailed = louvain.detailed(g, { getEdgeWeight: 'weight', rng: seededRandom(SEED) });

  const attached = clustered.filter((f) => g.degree(f.file) > 0);
  const groups = new Map<number, string[]>();
  for (const f of attached) groups.set(detailed.communities[f.file]!, [...(groups.get(detailed.communities[f.file]!) ?? []), f.file]);
  const ordered = [...groups.values()].map((list) => list.sort(compare)).sort((a, b) => b.length - a.length || compare(a[0]!, b[0]!));
  if (kernel.size) ordered.push([...kernel].sort(compare));
  const clusterOf = new Map<string, string>();
  ordered.forEach((list, i) => list.forEach((file) => clusterOf.set(file, kernel.has(list[0]!) ? 'K' : `C${i + 1}`)));
  const byFile = new Map(files.map((f) => [f.file, f]));

  const clusters: ModuleCluster[] = ordered.map((list) => {
    const id = clusterOf.get(list[0]!)!;
    const inside = new Set(list);
    let internal = 0;
    let out = 0;
    let inbound = 0;
    const dependents = new Set<string>();
    for (const imp of imports) {
      // Imports of the shared kernel and from entry points are the same for every module: only the kernel counts them.
      if (id !== 'K' && (kernel.has(imp.to) || kernel.has(imp.from) || entries.has(imp.from))) continue;
      const from = inside.has(imp.from);
      const to = inside.has(imp.to);
      if (from && to) internal++;
      else if (from) out++;
      else if (to) {
        inbound++;
        const other = clusterOf.get(imp.from);
        if (other) dependents.add(other);
      }
    }
    const tables = [...new Set(list.flatMap((f) => byFile.get(f)!.tables))].sort(compare);
    const elsewhere = new Set(files.filter((f) => !inside.has(f.file)).flatMap((f) => f.tables));
    const total = internal + out + inbound;
    return {
      id,
      name: id,
      role: 'candidate',
      folders: moduleFolders(list, prefix),
      files: list.length,
      loc: list.reduce((sum, f) => sum + byFile.get(f)!.loc, 0),
      internalImports: internal,
      importsOut: out,
      importsIn: inbound,
      cohesion: total ? round2(internal / total) : 0,
      dependents: [...dependents].sort(compareIds),
      tables,
      sharedTables: tables.filter((t) => elsewhere.has(t)),
    };
  });
  nameClusters(clusters);
  for (const c of clusters) c.role = c.id === 'K' ? 'shared-kernel' : c.files < MIN_CLUSTER_FILES ? 'small' : 'candidate';
  const notes: string[] = [];
  if (kernel.size) notes.push(`${plural(kernel.size, 'file')} imported from ${KERNEL_FOLDERS} or more module folders ${kernel.size === 1 ? 'forms' : 'form'} the shared kernel (K) and ${kernel.size === 1 ? 'stays' : 'stay'} out of the clustering: ${[...kernel].sort(compare).join(', ')}`);
  if (entries.size) notes.push(`${plural(entries.size, 'entry point')} that wire${entries.size === 1 ? 's' : ''} the modules together stay${entries.size === 1 ? 's' : ''} out of the clustering: ${[...entries].sort(compare).join(', ')}`);
  const loose = clustered.length - attached.length;
  if (loose) notes.push(`${loose} file${loose === 1 ? '' : 's'} import${loose === 1 ? 's' : ''} no other file of the scope and ${loose === 1 ? 'is' : 'are'} in no cluster`);
  if (!graph.tablesMeasured) notes.push('no data-access facts name the tables the code touches, so shared tables are not measured');
  return { ...base, modularity: round2(detailed.modularity), clusters, notes };
}

/** Extraction candidates of an analysis, best first. */
export function rankCandidates(analysis: ModuleAnalysis): ModuleCluster[] {
  return analysis.clusters
    .filter((c) => c.role === 'candidate')
    .sort((a, b) => a.sharedTables.length - b.sharedTables.length || b.cohesion - a.cohesion || a.importsIn + a.importsOut - (b.importsIn + b.importsOut) || b.loc - a.loc || compare(a.name, b.name));
}

/** The clusters are clear enough to be named bounded contexts. */
export function clearClusters(analysis: ModuleAnalysis): boolean {
  return analysis.modularity >= CLEAR_MODULARITY && analysis.clusters.filter((c) => c.role !== 'small').length >= 2;
}

/** The folders a cluster's files live in, one level below the scope's common folder, most files first. */
function moduleFolders(list: string[], prefix: string): string[] {
  const counts = new Map<string, number>();
  for (const file of list) {
    const rest = prefix ? file.slice(prefix.length + 1) : file;
    const parts = rest.split('/');
    const folder = parts.length > 1 ? (prefix ? `${prefix}/${parts[0]}` : parts[0]!) : prefix || '.';
    counts.set(folder, (counts.get(folder) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || compare(a[0], b[0])).map(([f]) => f);
}

/** A cluster is named after its main folder's last segment; the cluster id is added where names repeat. */
function nameClusters(clusters: ModuleCluster[]): void {
  const base = clusters.map((c) => c.folders[0]!.split('/').pop() || '.');
  clusters.forEach((c, i) => {
    const clash = base.filter((b) => b === base[i]).length > 1;
    c.name = clash ? `${base[i]} (${c.id})` : base[i]!;
  });
}

/** Files imported from at least this many other module folders are shared kernel. */
export const KERNEL_FOLDERS = 3;

/**
 * Shared kernel: files imported from KERNEL_FOLDERS or more other module folders (or from
 * half of them, when there are many). Entry points: files no one imports that import from
 * that many folders.
 */
function hubs(files: string[], imports: readonly { from: string; to: string }[], prefix: string): { kernel: Set<string>; entries: Set<string> } {
  const folderOf = (file: string): string => {
    const rest = prefix ? file.slice(prefix.length + 1) : file;
    const parts = rest.split('/');
    return parts.length > 1 ? parts[0]! : '.';
  };
  const folders = new Set(files.map(folderOf)).size;
  const threshold = Math.max(KERNEL_FOLDERS, Math.ceil(folders / 2));
  const importers = new Map<string, Set<string>>();
  const targets = new Map<string, Set<string>>();
  const imported = new Set<string>();
  for (const i of imports) {
    imported.add(i.to);
    if (folderOf(i.from) !== folderOf(i.to)) {
      importers.set(i.to, (importers.get(i.to) ?? new Set()).add(folderOf(i.from)));
      targets.set(i.from, (targets.get(i.from) ?? new Set()).add(folderOf(i.to)));
    }
  }
  const kernel = new Set(files.filter((f) => (importers.get(f)?.size ?? 0) >= threshold));
  const entries = new Set(files.filter((f) => !imported.has(f) && !kernel.has(f) && (targets.get(f)?.size ?? 0) >= threshold));
  return { kernel, entries };
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

function commonDir(files: string[]): string {
  if (!files.length) return '';
  let parts = files[0]!.split('/').slice(0, -1);
  for (const f of files) {
    const p = f.split('/').slice(0, -1);
    let i = 0;
    while (i < parts.length && i < p.length && parts[i] === p[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join('/');
}

/** C1, C2, ..., then K. */
function compareIds(a: string, b: string): number {
  const n = (id: string): number => (id === 'K' ? Infinity : Number(id.slice(1)));
  return n(a) - n(b);
}

/** mulberry32: a small seeded generator, so Louvain's random walk is the same on every run. */
function seededRandom(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}
