import type { Candidate, Heuristic, HistorySummary, ModuleAnalysis, Score } from '../types/index.js';
import { TINY_LOC } from './heuristics.js';
import { clearClusters, rankCandidates } from './modules.js';
import { compare, possessive, type SystemView } from './system-view.js';

export interface VerdictInput {
  heuristics: Heuristic[];
  view: SystemView;
  history: HistorySummary | null;
  modules: ModuleAnalysis[];
}

export interface VerdictResult {
  verdict: Score['verdict'];
  confidence: Score['confidence'];
  reasons: string[];
  candidates: Candidate[];
  unknowns: string[];
}

/** The inputs the for/against rows depend on; two rows that read one input count once. */
const INPUT_OF: Record<string, string> = {
  'small-team': 'engineers',
  'low-traffic': 'requests per day',
  'shared-data': 'shared data',
  'no-platform': 'platform team',
  'pre-pmf': 'product-market fit',
  'team-autonomy': 'teams',
  'scaling-profiles': 'scaling profiles',
  'compliance-scopes': 'compliance scopes',
  'platform-team': 'platform team',
  'matrix-team-size': 'engineers',
  'matrix-deploys': 'deployment frequency',
  'matrix-stacks': 'technology stacks',
  'matrix-scale': 'scaling profiles',
  'matrix-data': 'data boundaries',
  'tiny-services': 'service sizes',
  'service-size': 'service sizes',
  'large-service': 'service sizes',
  'services-per-engineer': 'engineers',
  'change-coupling': 'git history',
  'sync-cycles': 'synchronous calls',
};

/**
 * Decides split, stay or merge from the heuristic rows:
 * - services that belong together (strong change coupling; tiny services in a synchronous
 *   cycle or on one database) are named for merging: `consolidate`, or `modular-monolith`
 *   when most reasons argue against microservices and the merges would fold everything;
 * - three or more reasons against microservices, outnumbering the reasons for: `modular-monolith`;
 * - one deployable: `extract` the best module cluster when two or more reasons for a split
 *   hold ("two: plan the extraction; three or more: overdue"), otherwise `stay-monolith`;
 * - several services: `extract` from a large service when two or more reasons for a split
 *   hold and its clusters are clear, otherwise `keep-services`.
 * Confidence falls with every unknown input and when the for/against margin is thin.
 */
export function decideVerdict(input: VerdictInput): VerdictResult {
  const { heuristics, view, modules } = input;
  const get = (id: string): Heuristic | undefined => heuristics.find((h) => h.id === id);
  const against = heuristics.filter((h) => h.group === 'against-split');
  const forSplit = heuristics.filter((h) => h.group === 'for-split');
  const A = against.filter((h) => h.holds === true);
  const F = forSplit.filter((h) => h.holds === true);
  const unknownInputs = [...new Set([...against, ...forSplit].filter((h) => h.holds === null).map((h) => INPUT_OF[h.id] ?? h.label))];
  const unknowns = [...new Set(heuristics.filter((h) => h.source === 'unknown').map((h) => INPUT_OF[h.id] ?? h.id))].sort(compare);
  const balance = [
    `${A.length} of ${against.length} reasons against microservices hold${A.length ? `: ${A.map(describe).join('; ')}` : ''}.`,
    `${F.length} of ${forSplit.length} reasons for microservices hold${F.length ? `: ${F.map(describe).join('; ')}` : ''}${splitNote(F.length, view.own.length <= 1)}.`,
  ];
  const matrix = heuristics.filter((h) => h.group === 'decision-matrix');
  const matrixLine = `The split matrix answers yes to ${matrix.filter((h) => h.holds).length} of ${matrix.length} questions${matrix.some((h) => h.holds === null) ? ` (${matrix.filter((h) => h.holds === null).length} unknown)` : ''}.`;
  const unknownLine = unknownInputs.length ? [`Unknown inputs, not guessed: ${unknownInputs.join(', ')}.`] : [];
  const proxy = heuristics.some((h) => (h.id === 'small-team' || h.id === 'team-autonomy') && h.source === 'proxy');

  let confidence: Score['confidence'] = unknownInputs.length >= 4 ? 'low' : unknownInputs.length >= 2 ? 'medium' : 'high';
  if (proxy && confidence === 'high') confidence = 'medium';
  const lower = (): void => {
    confidence = confidence === 'high' ? 'medium' : 'low';
  };
  const result = (verdict: Score['verdict'], lead: string[], candidates: Candidate[] = []): VerdictResult => ({
    verdict,
    confidence,
    reasons: [...lead, ...balance, matrixLine, ...unknownLine],
    candidates,
    unknowns,
  });

  if (!view.own.length && !modules.length) {
    return { verdict: 'unknown', confidence: 'low', reasons: ['The repository holds no service built from it and no code to cluster, so there is nothing to split, keep or merge.', ...unknownLine], candidates: [], unknowns };
  }

  // One deployable.
  if (view.own.length <= 1) {
    const analysis = modules.find((m) => m.service === (view.own[0]?.name ?? null)) ?? modules[0];
    const ranked = analysis && clearClusters(analysis) ? rankCandidates(analysis) : [];
    const name = view.own[0]?.name ?? 'the repository';
    if (F.length >= 2 && ranked.length) {
      const picks = ranked.slice(0, F.length >= 3 ? 2 : 1);
      const lead = [`${name} is one deployable and ${F.length} reasons for a split hold: extract ${picks.map((c) => c.name).join(', then ')} first; ${describeCluster(picks[0]!)}.`];
      if (F.length - A.length <= 1) lower();
      return result('extract', lead, picks.map((c, i) => extractCandidate(analysis!, c, i + 1)));
    }
    const lead = [`${name} is one deployable and ${F.length < 2 ? `only ${F.length} of the reasons for a split hold${F.length === 1 ? 's' : ''}` : 'its code shows no clear module to extract'}: keep it one deployable.`];
    if (analysis && clearClusters(analysis)) lead.push(`Its code already falls into ${analysis.clusters.filter((c) => c.role !== 'small').length} clusters (modularity ${analysis.modularity}); keep their boundaries as modules.`);
    if (A.length - F.length <= 1 && F.length) lower();
    return result('stay-monolith', lead);
  }

  // Several services.
  const merges = mergeGroups(input);
  const coversAll = merges.length === 1 && merges[0]!.members.length === view.own.length;
  if (merges.length && !(coversAll && A.length >= 3 && A.length > F.length)) {
    const rest = view.own.length - merges.reduce((n, m) => n + m.members.length, 0);
    const lead = merges.map((m) => `Merge ${m.members.join(', ')}: ${m.reasons.join('; ')}.`);
    if (rest > 0) lead.push(`Keep the other ${rest === 1 ? 'service' : `${rest} services`} as ${rest === 1 ? 'it is' : 'they are'}: no evidence ties ${rest === 1 ? 'it' : 'them'} to another service.`);
    return result('consolidate', lead, merges);
  }
  if (A.length >= 3 && A.length > F.length) {
    const lead = [`${A.length} reasons against microservices hold and only ${F.length} for: fold the ${view.own.length} services into one deployable with a module per service.`];
    if (A.length - F.length <= 1) lower();
    return result('modular-monolith', lead, coversAll ? merges : []);
  }
  const large = modules.filter((m) => m.service && clearClusters(m) && rankCandidates(m).length);
  if (F.length >= 2 && large.length) {
    const picks = large.map((m) => ({ m, c: rankCandidates(m)[0]! }));
    const lead = picks.map(({ m, c }) => `${m.service} is over the size one team can hold and its code falls into clusters: extract ${c.name} first; ${describeCluster(c)}.`);
    return result('extract', lead, picks.map(({ m, c }, i) => extractCandidate(m, c, i + 1)));
  }
  const lead =
    F.length >= 2
      ? [`${F.length} reasons for microservices hold and no services were found that belong together: keep the current boundaries.`]
      : [`No evidence names services to merge or to extract, and the reasons against microservices do not outweigh the ones for: keep the current boundaries until the unknown inputs are known.`];
  if (F.length < 2) lower();
  if (F.length < 2 && A.length >= 2) lower();
  return result('keep-services', lead);
}

function splitNote(count: number, single: boolean): string {
  if (count >= 3) return single ? ' (three or more: an extraction is overdue)' : ' (three or more: separate services are clearly justified)';
  if (count === 2) return single ? ' (two: plan an extraction)' : ' (two: separate services are justified)';
  return '';
}

function describe(h: Heuristic): string {
  const value = h.input === null ? '' : ` (${typeof h.input === 'boolean' ? (h.input ? 'yes' : 'no') : h.input}, ${h.source})`;
  return `${h.label.charAt(0).toLowerCase()}${h.label.slice(1)}${value}`;
}

function describeCluster(c: { name: string; cohesion: number; sharedTables: string[]; importsIn: number; importsOut: number; files: number }): string {
  const cross = c.importsIn + c.importsOut;
  return `${c.name} (${c.files} files) has cohesion ${c.cohesion}, ${cross} import${cross === 1 ? '' : 's'} across its boundary and ${c.sharedTables.length ? `shares ${c.sharedTables.length} table${c.sharedTables.length === 1 ? '' : 's'}` : 'no shared table'}`;
}

function extractCandidate(analysis: ModuleAnalysis, c: ModuleAnalysis['clusters'][number], rank: number): Candidate {
  return {
    kind: 'extract',
    name: c.name,
    service: analysis.service,
    members: c.folders,
    rank,
    metrics: { files: c.files, loc: c.loc, cohesion: c.cohesion, importsIn: c.importsIn, importsOut: c.importsOut, sharedTables: c.sharedTables.length },
    reasons: [
      `cohesion ${c.cohesion}: ${c.internalImports} of its ${c.internalImports + c.importsIn + c.importsOut} imports stay inside`,
      `${c.importsIn} import${c.importsIn === 1 ? '' : 's'} from other clusters and ${c.importsOut} to them${c.dependents.length ? ` (used by ${c.dependents.map((d) => analysis.clusters.find((x) => x.id === d)?.name ?? d).join(', ')})` : ''}`,
      c.sharedTables.length ? `shares tables ${c.sharedTables.join(', ')} with other clusters` : analysis.tablesMeasured ? 'shares no table with other clusters' : 'table sharing not measured',
    ],
  };
}

interface Link {
  a: string;
  b: string;
  why: string;
  weight: number;
  support: number;
}

/**
 * Services that belong together: strong change coupling (any size), or services under
 * TINY_LOC lines that call each other in a cycle or write one database. Linked pairs are
 * grouped; a group with one owner (one CODEOWNERS owner, or one active author) says so.
 */
export function mergeGroups(input: VerdictInput): Candidate[] {
  const { view, history } = input;
  const loc = new Map(view.own.map((s) => [s.name, s.loc]));
  const tiny = (name: string): boolean => (loc.get(name) ?? Infinity) < TINY_LOC;
  const links: Link[] = [];
  for (const c of history?.coupling.filter((x) => x.strong) ?? []) {
    links.push({ a: c.a, b: c.b, why: `${c.a} and ${c.b} changed together in ${c.support} commits (${Math.round(c.confidenceAB * 100)}% of ${possessive(c.a)}, ${Math.round(c.confidenceBA * 100)}% of ${possessive(c.b)})`, weight: 2, support: c.support });
  }
  for (const cycle of view.syncCycles) {
    if (!cycle.every(tiny)) continue;
    for (let i = 1; i < cycle.length; i++) links.push({ a: cycle[0]!, b: cycle[i]!, why: `${cycle.join(' and ')} call each other synchronously in a cycle`, weight: 1, support: 0 });
  }
  for (const shared of view.sharedDatabases) {
    if (!shared.services.every(tiny)) continue;
    for (let i = 1; i < shared.services.length; i++) links.push({ a: shared.services[0]!, b: shared.services[i]!, why: `${shared.services.join(' and ')} share the database ${shared.datastore.name}`, weight: 1, support: 0 });
  }
  if (!links.length) return [];
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.has(root)) root = parent.get(root)!;
    return root;
  };
  for (const l of links) {
    const [ra, rb] = [find(l.a), find(l.b)];
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
  const groups = new Map<string, Set<string>>();
  for (const l of links) for (const s of [l.a, l.b]) groups.set(find(s), (groups.get(find(s)) ?? new Set()).add(s));
  const candidates = [...groups.values()].map((set) => {
    const members = [...set].sort(compare);
    const mine = links.filter((l) => set.has(l.a));
    const reasons = [...new Set(mine.map((l) => l.why))];
    const small = members.filter(tiny);
    if (small.length === members.length) reasons.push(`each is under ${TINY_LOC.toLocaleString('en-US')} lines`);
    const owner = oneOwner(members, input);
    if (owner) reasons.push(`one owner: ${owner}`);
    return {
      kind: 'merge' as const,
      name: members.join('+'),
      service: null,
      members,
      rank: 0,
      metrics: { services: members.length, evidence: mine.reduce((s, l) => s + l.weight, 0), sharedCommits: mine.reduce((s, l) => s + l.support, 0), oneOwner: owner ? 1 : 0 },
      reasons,
    };
  });
  candidates.sort((x, y) => y.metrics.evidence - x.metrics.evidence || y.metrics.sharedCommits - x.metrics.sharedCommits || compare(x.name, y.name));
  candidates.forEach((c, i) => (c.rank = i + 1));
  return candidates;
}

function oneOwner(members: string[], input: VerdictInput): string | null {
  const services = members.map((m) => input.view.own.find((s) => s.name === m)!);
  const owners = new Set(services.flatMap((s) => s.owners));
  if (owners.size === 1 && services.every((s) => s.owners.length)) return `${[...owners][0]} (CODEOWNERS)`;
  const authors = new Set(input.history?.services.filter((s) => members.includes(s.service)).flatMap((s) => s.authors) ?? []);
  const active = input.history?.services.filter((s) => members.includes(s.service) && s.authors.length).length ?? 0;
  if (authors.size === 1 && active === members.length) return `${[...authors][0]} (the only active author of all of them)`;
  return null;
}
