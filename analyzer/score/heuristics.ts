import type { Config } from '../config/schema.js';
import type { Heuristic, HistorySummary, ModuleAnalysis } from '../types/index.js';
import { STRONG_DEGREE, STRONG_SUPPORT } from './history-signals.js';
import { clearClusters } from './modules.js';
import { complianceHints, scalingProfile } from './signals.js';
import { compare, possessive, type SystemView } from './system-view.js';

/** Thresholds from the split-or-stay heuristics (see docs/scoring.md). */
export const SMALL_TEAM = 15;
export const LOW_TRAFFIC = 1_000_000;
export const TEAMS_FOR_AUTONOMY = 3;
export const MATRIX_TEAM = 8;
export const MATRIX_DEPLOYS_PER_WEEK = 1;
export const SCALE_RATIO = 3;
export const TINY_LOC = 5_000;
export const RANGE_LOC: [number, number] = [10_000, 50_000];
export const LARGE_LOC = 50_000;
/** Share of tables used by two or more module clusters above which a one-deployable data model counts as shared. */
export const SHARED_TABLE_SHARE = 0.3;

type Value = Heuristic['input'];
type Source = Heuristic['source'];
interface Input<T> {
  value: T | null;
  source: Source;
  evidence: string[];
}

export interface HeuristicContext {
  config: Config;
  view: SystemView;
  history: HistorySummary | null;
  modules: ModuleAnalysis[];
}

/** Engineers: declared, else the active authors of the git history as a labelled proxy, else unknown. */
export function engineersInput(ctx: HeuristicContext): Input<number> {
  const declared = ctx.config.organization.engineers;
  const authors = ctx.history ? `git shows ${ctx.history.activeAuthors} active author${ctx.history.activeAuthors === 1 ? '' : 's'} in the ${ctx.history.windowDays} days before ${ctx.history.headDate}` : null;
  if (declared !== undefined) return { value: declared, source: 'declared', evidence: ['archreview.yaml organization.engineers', ...(authors ? [authors] : [])] };
  if (ctx.history) return { value: ctx.history.activeAuthors, source: 'proxy', evidence: [`${authors}; active authors stand in for engineers (not declared)`] };
  return { value: null, source: 'unknown', evidence: ['organization.engineers not declared and no git history to count authors'] };
}

/** Teams: declared, else the distinct CODEOWNERS owners of the services as a proxy, else unknown. */
export function teamsInput(ctx: HeuristicContext): Input<number> {
  const declared = ctx.config.organization.teams;
  if (declared !== undefined) return { value: declared, source: 'declared', evidence: ['archreview.yaml organization.teams'] };
  const owners = [...new Set(ctx.view.own.flatMap((s) => s.owners))].sort(compare);
  if (owners.length) return { value: owners.length, source: 'proxy', evidence: [`distinct service owners in CODEOWNERS stand in for teams: ${owners.join(', ')}`] };
  return { value: null, source: 'unknown', evidence: ['organization.teams not declared and no CODEOWNERS owners'] };
}

function declared<T>(value: T | undefined, key: string): Input<T> {
  return value === undefined ? { value: null, source: 'unknown', evidence: [`organization.${key} not declared in archreview.yaml`] } : { value, source: 'declared', evidence: [`archreview.yaml organization.${key}`] };
}

function row(id: string, group: Heuristic['group'], label: string, input: Input<unknown>, holds: (v: never) => boolean, shown?: Value): Heuristic {
  const value = input.value;
  return {
    id,
    group,
    label,
    input: shown !== undefined ? shown : value === null ? null : (value as Value),
    source: input.source,
    holds: value === null ? null : holds(value as never),
    evidence: input.evidence,
  };
}

/**
 * Every split-or-stay heuristic as a row: what it asks, the input it was decided on, where
 * the input came from, whether it holds (null when the input is unknown) and the evidence.
 */
export function evaluateHeuristics(ctx: HeuristicContext): Heuristic[] {
  const { view, history, config } = ctx;
  const org = config.organization;
  const engineers = engineersInput(ctx);
  const teams = teamsInput(ctx);
  const rows: Heuristic[] = [];
  const services = view.own.length;

  // When microservices are usually the wrong choice.
  rows.push(row('small-team', 'against-split', `Fewer than ${SMALL_TEAM} engineers work on the system`, engineers, (v: number) => v < SMALL_TEAM));
  rows.push(row('low-traffic', 'against-split', 'Traffic is under 1,000,000 requests a day', declared(org.requestsPerDay, 'requestsPerDay'), (v: number) => v < LOW_TRAFFIC));
  rows.push(sharedData(ctx));
  rows.push(row('no-platform', 'against-split', 'Nobody is dedicated to the platform (CI/CD, clusters, observability)', declared(org.platformTeam, 'platformTeam'), (v: boolean) => !v));
  rows.push(row('pre-pmf', 'against-split', 'The product has not found product-market fit yet', declared(org.productMarketFit, 'productMarketFit'), (v: boolean) => !v));

  // When microservices are the right choice.
  rows.push(row('team-autonomy', 'for-split', `Team autonomy outweighs release coordination (${TEAMS_FOR_AUTONOMY} or more teams)`, teams, (v: number) => v >= TEAMS_FOR_AUTONOMY));
  rows.push(scalingRow(ctx));
  rows.push(complianceRow(ctx));
  rows.push(row('platform-team', 'for-split', 'A platform team owns the substrate services run on', declared(org.platformTeam, 'platformTeam'), (v: boolean) => v));

  // The five-question split matrix.
  rows.push(row('matrix-team-size', 'decision-matrix', `More than ${MATRIX_TEAM} engineers`, engineers, (v: number) => v > MATRIX_TEAM));
  const cadence: Input<number> =
    history && history.releases.perWeek !== null
      ? { value: history.releases.perWeek, source: 'proxy', evidence: [`${history.releases.inWindow} tags in the ${history.windowDays} days before ${history.headDate}; tags stand in for deployments`] }
      : { value: null, source: 'unknown', evidence: [history ? 'the repository has no tags to stand in for deployments' : 'no git history was read'] };
  rows.push(row('matrix-deploys', 'decision-matrix', `More than ${MATRIX_DEPLOYS_PER_WEEK} deployment a week`, cadence, (v: number) => v > MATRIX_DEPLOYS_PER_WEEK));
  const languages = [...new Set(view.own.map((s) => s.language).filter((l): l is string => !!l))].sort(compare);
  rows.push(
    row('matrix-stacks', 'decision-matrix', 'More than one technology stack', services ? { value: languages.length, source: 'measured', evidence: view.own.map((s) => `${s.name}: ${s.language ?? 'unknown'}`) } : unknownInput('no service'), (v: number) => v > 1),
  );
  const profiles = [...new Set(view.own.map((s) => scalingProfile(view, s.name)))].sort(compare);
  rows.push(row('matrix-scale', 'decision-matrix', 'More than one scaling profile', services ? { value: profiles.length, source: 'measured', evidence: profiles } : unknownInput('no service'), (v: number) => v > 1));
  const databases = [...new Set(view.own.flatMap((s) => (view.storesOf.get(s.name) ?? []).filter((d) => d.role === 'database').map((d) => d.name)))].sort(compare);
  rows.push(row('matrix-data', 'decision-matrix', 'More than one data boundary (separate databases)', services ? { value: databases.length, source: 'measured', evidence: databases } : unknownInput('no service'), (v: number) => v > 1));

  // Size.
  const sized = view.own.filter((s) => s.loc !== null && s.loc > 0);
  const tiny = sized.filter((s) => s.loc! < TINY_LOC);
  rows.push(
    row(
      'tiny-services',
      'size',
      `Most services are under ${TINY_LOC.toLocaleString('en-US')} lines, a sign of splitting too finely`,
      sized.length ? { value: tiny.length, source: 'measured', evidence: tiny.map((s) => `${s.name}: ${s.loc} lines`) } : unknownInput('no service with counted source lines'),
      (v: number) => services >= 2 && v * 2 >= sized.length,
      sized.length ? `${tiny.length} of ${sized.length}` : undefined,
    ),
  );
  const sortedLoc = sized.map((s) => s.loc!).sort((a, b) => a - b);
  const median = sortedLoc.length ? sortedLoc[Math.floor(sortedLoc.length / 2)]! : null;
  rows.push(
    row(
      'service-size',
      'size',
      `The median service is ${RANGE_LOC[0].toLocaleString('en-US')}–${RANGE_LOC[1].toLocaleString('en-US')} lines: big enough for a team, small enough to hold in one head`,
      median === null ? unknownInput('no service with counted source lines') : { value: median, source: 'measured', evidence: sized.map((s) => `${s.name}: ${s.loc} lines`) },
      (v: number) => v >= RANGE_LOC[0] && v <= RANGE_LOC[1],
    ),
  );
  const large = sized.filter((s) => s.loc! > LARGE_LOC);
  rows.push(
    row('large-service', 'size', `A service is over ${LARGE_LOC.toLocaleString('en-US')} lines and may hold several bounded contexts`, sized.length ? { value: large.length, source: 'measured', evidence: large.map((s) => `${s.name}: ${s.loc} lines`) } : unknownInput('no service with counted source lines'), (v: number) => v > 0),
  );
  rows.push(
    row(
      'services-per-engineer',
      'size',
      'There are more services than engineers',
      engineers.value === null || !services ? { value: null, source: 'unknown', evidence: engineers.evidence } : { value: services, source: engineers.source, evidence: [`${services} service${services === 1 ? '' : 's'} built from the repository`, ...engineers.evidence] },
      (v: number) => v > (engineers.value ?? Infinity),
      engineers.value === null || !services ? undefined : `${services} service${services === 1 ? '' : 's'}, ${engineers.value} engineer${engineers.value === 1 ? '' : 's'}`,
    ),
  );

  // Coupling.
  const strong = history?.coupling.filter((c) => c.strong) ?? [];
  rows.push(
    row(
      'change-coupling',
      'coupling',
      'Services change together in most of their commits, so they may be one service',
      history
        ? {
            value: strong.length,
            source: 'measured',
            evidence: strong.length
              ? strong.map((c) => `${c.a}+${c.b}: ${c.support} shared commits, ${Math.round(c.confidenceAB * 100)}% of ${possessive(c.a)} and ${Math.round(c.confidenceBA * 100)}% of ${possessive(c.b)}, degree ${c.degree}`)
              : [`no pair shares ${STRONG_SUPPORT} or more commits at degree ${STRONG_DEGREE} or more among ${history.commitsRead} commits`],
          }
        : unknownInput('no git history was read'),
      (v: number) => v > 0,
    ),
  );
  rows.push(
    row('sync-cycles', 'coupling', 'Services call each other in a synchronous cycle, so they fail together', services ? { value: view.syncCycles.length, source: 'measured', evidence: view.syncCycles.map((c) => c.join(' \u2194 ')) } : unknownInput('no service'), (v: number) => v > 0),
  );
  for (const analysis of ctx.modules) {
    const clear = clearClusters(analysis);
    const named = analysis.clusters.filter((c) => c.role !== 'small');
    rows.push({
      id: `module-clusters${analysis.service ? `:${analysis.service}` : ''}`,
      group: 'coupling',
      label: `The code of ${analysis.service ?? 'the repository'} falls into clear module clusters (candidate bounded contexts)`,
      input: analysis.modularity,
      source: 'measured',
      holds: analysis.clusters.length ? clear : null,
      evidence: analysis.clusters.length
        ? [`Louvain modularity ${analysis.modularity} over ${analysis.files} files and ${analysis.imports} imports`, ...named.map((c) => `${c.name}: ${c.files} files, cohesion ${c.cohesion}${c.role === 'shared-kernel' ? ', shared kernel' : ''}`)]
        : analysis.notes,
    });
  }
  return rows;
}

function unknownInput(why: string): Input<never> {
  return { value: null, source: 'unknown', evidence: [why] };
}

/** Heavy cross-entity joins, approximated: databases shared by services, or tables shared by module clusters. */
function sharedData(ctx: HeuristicContext): Heuristic {
  const { view } = ctx;
  const label = 'The data model is shared across boundaries (standing in for heavy cross-entity joins)';
  if (view.own.length >= 2) {
    return row('shared-data', 'against-split', label, { value: view.sharedDatabases.length, source: 'proxy', evidence: view.sharedDatabases.length ? view.sharedDatabases.map((d) => `${d.datastore.name}: ${d.services.join(', ')}`) : ['no database is used by two services'] }, (v: number) => v > 0);
  }
  const analysis = ctx.modules.find((m) => m.clusters.length && m.tablesMeasured);
  if (!analysis) return row('shared-data', 'against-split', label, unknownInput('one deployable, and the tables its modules touch are not measured'), () => false);
  const tables = new Set(analysis.clusters.flatMap((c) => c.tables));
  const shared = new Set(analysis.clusters.flatMap((c) => c.sharedTables));
  const share = tables.size ? shared.size / tables.size : 0;
  return row(
    'shared-data',
    'against-split',
    label,
    { value: shared.size, source: 'proxy', evidence: [`${shared.size} of ${tables.size} tables are used by two or more module clusters`, ...[...shared].sort(compare)] },
    () => share >= SHARED_TABLE_SHARE,
    `${shared.size} of ${tables.size} tables`,
  );
}

/** Radically different scaling: a batch workload beside long-running ones, or capacities at least SCALE_RATIO apart. */
function scalingRow(ctx: HeuristicContext): Heuristic {
  const { view } = ctx;
  const label = 'Parts of the system scale very differently (replicas, autoscaling ranges, batch beside realtime)';
  if (!view.own.length) return row('scaling-profiles', 'for-split', label, unknownInput('no service'), () => false);
  const capacity = view.own.filter((s) => !view.batch.has(s.name)).map((s) => ({ name: s.name, max: s.deploy.autoscale?.max ?? s.deploy.replicas ?? 1 }));
  const batch = view.own.filter((s) => view.batch.has(s.name)).map((s) => s.name);
  const max = Math.max(0, ...capacity.map((c) => c.max));
  const min = capacity.length ? Math.min(...capacity.map((c) => c.max)) : 0;
  const ratio = min > 0 ? max / min : 0;
  const holds = (batch.length > 0 && capacity.length > 0) || (capacity.length >= 2 && ratio >= SCALE_RATIO);
  const evidence = view.own.map((s) => `${s.name}: ${scalingProfile(view, s.name)}`);
  if (capacity.length >= 2) evidence.push(`largest capacity ${max} replicas, smallest ${min} (${Math.round(ratio * 10) / 10}\u00d7; ${SCALE_RATIO}\u00d7 or more counts)`);
  if (view.own.some((s) => s.deploy.replicas === null && !s.deploy.autoscale && !view.batch.has(s.name))) evidence.push('services without declared replicas count as 1');
  return { id: 'scaling-profiles', group: 'for-split', label, input: capacity.length >= 2 ? `${Math.round(ratio * 10) / 10}\u00d7${batch.length ? ' and batch' : ''}` : batch.length ? 'batch' : '1 profile', source: 'measured', holds, evidence };
}

/** Different compliance scopes: some services, not all, carry compliance hints; declared scopes say whether any apply. */
function complianceRow(ctx: HeuristicContext): Heuristic {
  const { view } = ctx;
  const label = 'Parts of the system fall under different compliance scopes (e.g. PCI isolation)';
  const scopes = ctx.config.organization.complianceScopes;
  const hints = complianceHints(view);
  const evidence = [...hints].map(([s, words]) => `${s}: ${words.join(', ')}`);
  const base = { id: 'compliance-scopes', group: 'for-split' as const, label };
  if (hints.size && hints.size < view.own.length)
    return { ...base, input: `${hints.size} of ${view.own.length} services`, source: 'measured', holds: true, evidence: [...evidence, ...(scopes?.length ? [`declared scopes: ${scopes.join(', ')}`] : [])] };
  if (hints.size) return { ...base, input: `${hints.size} of ${view.own.length} services`, source: 'measured', holds: false, evidence: [...evidence, 'every service carries the same hints: one scope'] };
  if (scopes === undefined) return { ...base, input: null, source: 'unknown', holds: null, evidence: ['no label, annotation or namespace names a compliance regime, and organization.complianceScopes is not declared'] };
  if (!scopes.length) return { ...base, input: 'none', source: 'declared', holds: false, evidence: ['archreview.yaml organization.complianceScopes is empty'] };
  return { ...base, input: scopes.join(', '), source: 'declared', holds: null, evidence: [`declared scopes ${scopes.join(', ')}, but no service is labelled with them, so which parts they cover is unknown`] };
}
