import type { Candidate, MigrationStep, Recommendation, Score } from '../types/index.js';

/** Checklist items and finding categories whose fixes bound failures or make them visible. */
const STABILISE_ITEMS = new Set(['health checks', 'probes', 'timeouts', 'circuit breakers', 'tracing', 'structured logs']);
const STABILISE_CATEGORIES = /resilien|observab/i;

/**
 * The order of the work. First what bounds failures and makes them visible (timeouts,
 * breakers, health checks), because every later change is safer with it; then the other
 * high-impact fixes; then the inputs the verdict is missing. Before an extraction, shared
 * data gets one owner; a merge comes before the data work because it makes the shared data
 * internal. Each change of shape is a step of its own, in the verdict's order (the least
 * coupled extraction first, the most coupled merge first); then everything else.
 */
export function buildMigration(recs: readonly Recommendation[], verdict: Score['verdict'], candidates: readonly Candidate[] = []): MigrationStep[] {
  const used = new Set<Recommendation>();
  const take = (pick: (r: Recommendation) => boolean): Recommendation[] => {
    const list = recs.filter((r) => !used.has(r) && pick(r));
    list.forEach((r) => used.add(r));
    return list;
  };
  const steps: Omit<MigrationStep, 'step'>[] = [];
  const add = (title: string, action: string, list: Recommendation[]): void => {
    if (!list.length) return;
    steps.push({ title, action, recommendations: list.map((r) => r.id), evidence: [...new Set(list.flatMap((r) => r.basis))] });
  };
  const merging = verdict === 'consolidate' || verdict === 'modular-monolith';
  // A merge makes the data its services share and the calls between them internal: the
  // data and coupling fixes that only concern services of one merge are part of that merge.
  const merges = merging ? recs.filter((r) => r.kind === 'shape' && r.where.length > 1) : [];
  const settledBy = new Map<Recommendation, Recommendation>();
  for (const r of recs) {
    if (!(r.kind === 'data' || (r.source === 'finding' && /coupling/i.test(r.category ?? ''))) || !r.where.length) continue;
    const merge = merges.find((m) => r.where.every((w) => m.where.includes(w)));
    if (merge) {
      settledBy.set(r, merge);
      used.add(r);
    }
  }

  add(
    'Make failures visible and bounded',
    'Quick, low-risk changes every later step relies on: timeouts, circuit breakers, retries with backoff, health checks and tracing.',
    take((r) => r.kind === 'fix' && r.impact !== 'low' && (r.source === 'checklist' ? STABILISE_ITEMS.has(r.item ?? '') : STABILISE_CATEGORIES.test(r.category ?? ''))),
  );
  add('Fix the other high-impact problems', 'Security and coupling problems that hurt whatever shape the system ends up with.', take((r) => r.kind === 'fix' && r.impact === 'high'));
  add('Declare the unknown inputs', 'Settle what only people know before changing the shape; the verdict may change with it.', take((r) => r.kind === 'inputs'));
  const data = (): Recommendation[] => take((r) => r.kind === 'data');
  if (!merging) add('Split shared data first', 'Give every table one owner before code moves across a boundary; the other side reads through the owner\u2019s API or its events.', data());
  // Changes of shape in the verdict's order of candidates, whatever their priority in the table.
  const rank = (r: Recommendation): number => candidates.find((c) => r.basis.includes(`candidate:${c.name}`))?.rank ?? Infinity;
  const shapes = take((r) => r.kind === 'shape').sort((a, b) => rank(a) - rank(b));
  shapes.forEach((r, i) => {
    const absorbed = recs.filter((d) => settledBy.get(d) === r);
    add(
      shapes.length > 1 ? `Change the shape (${i + 1} of ${shapes.length})` : 'Change the shape',
      merging
        ? `Merge one group at a time, the most coupled first; the merge turns calls and shared tables between the merged services into in-process code${absorbed.length ? `, which settles ${absorbed.map((a) => a.id).join(', ')} as well` : ''}.`
        : 'One change at a time, the least coupled first; start the next when the previous one runs in production.',
      [r, ...absorbed],
    );
  });
  if (merging) add('Then give the remaining shared data one owner', 'Tables still shared by services that stay apart need one owner each.', data());
  add('Then the remaining items', 'In priority order.', take(() => true));
  return steps.map((s, i) => ({ step: i + 1, ...s }));
}
