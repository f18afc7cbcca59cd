import type { Score } from '../../types/index.js';

type Verdict = Score['verdict'];

export const VERDICT_LABEL: Record<Verdict, string> = {
  'stay-monolith': 'Stay a monolith',
  'modular-monolith': 'Move to a modular monolith',
  extract: 'Extract specific services',
  'keep-services': 'Keep the services',
  consolidate: 'Merge specific services',
  unknown: 'No verdict yet',
};

/** What the target architecture of each verdict asks for, in our words; the Score's reasons say why. */
export const VERDICT_TARGET: Record<Verdict, string> = {
  'stay-monolith':
    'Keep one deployable. Put new work into modules inside it, and keep each module\u2019s data its own, so a later split stays possible.',
  'modular-monolith':
    'Fold the services that change and fail together into one deployable with internal modules along today\u2019s boundaries; keep separate only what scales or is owned differently. Merge one pair at a time, starting where the findings show shared data or synchronous cycles.',
  extract:
    'Extract the services the verdict names one at a time: route their traffic through the gateway first, give each its own datastore, then move the callers to the new boundary.',
  'keep-services': 'Keep the current service boundaries and spend the effort on the production checklist and the findings rather than on restructuring.',
  consolidate:
    'Merge the services the verdict names: move their code into one deployable, then merge their datastores and remove the calls between them.',
  unknown: 'archreview did not reach a split-or-stay verdict, so this sequence proposes no target architecture; it only orders the fixes above.',
};
