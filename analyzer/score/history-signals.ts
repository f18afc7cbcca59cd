import type { ChangeCoupling, GitHistory, HistorySummary } from '../types/index.js';
import { compare, isoDate, round2 } from './system-view.js';

const DAY = 86_400;

/** A pair reported as coupled changes together in at least this many commits. */
export const MIN_SUPPORT = 2;
/** Strong coupling: at least this many shared commits ... */
export const STRONG_SUPPORT = 3;
/** ... and this degree (shared commits over the mean of both services' commits). */
export const STRONG_DEGREE = 0.6;
/** Commits changing more files than this are sweeping changes, not coupling evidence. */
export const SWEEPING_FILES = 100;
/** Pairs kept in the Report, strongest first. */
const MAX_PAIRS = 50;

/**
 * Signals from git history, with HEAD's commit time as "now": authors active in the window
 * overall and per service, commits per week per service, change coupling between services
 * (CodeScene-style: support, confidence each way, degree) and the release cadence from tags.
 * `serviceOf` maps a changed file to the service whose folder holds it.
 */
export function summarizeHistory(history: GitHistory, services: readonly string[], serviceOf: (file: string) => string | null, windowDays: number): HistorySummary {
  const start = history.headTime - windowDays * DAY;
  const weeks = windowDays / 7;
  const recent = history.commits.filter((c) => c.time > start);
  const nameOf = new Map<string, string>();
  for (const c of [...history.commits].reverse()) nameOf.set(identity(c), c.author || c.email);
  const touched = history.commits.map((c) => [...new Set(c.files.map(serviceOf).filter((s): s is string => s !== null))].sort(compare));

  const perService = services.map((service) => {
    const revisions = touched.filter((t) => t.includes(service)).length;
    const inWindow = history.commits.filter((c, i) => c.time > start && touched[i]!.includes(service));
    const authors = [...new Set(inWindow.map(identity))].map((id) => nameOf.get(id)!).sort(compare);
    return { service, revisions, commitsInWindow: inWindow.length, commitsPerWeek: round2(inWindow.length / weeks), authors };
  });

  const sweeping = (files: number, count: number): boolean => files > SWEEPING_FILES || (services.length >= 4 && count > services.length / 2);
  const kept = history.commits.map((c, i) => (sweeping(c.files.length, touched[i]!.length) ? null : touched[i]!));
  const tagsInWindow = history.tags.filter((t) => t.time > start && t.time <= history.headTime).length;
  return {
    head: history.head,
    headDate: isoDate(history.headTime),
    windowDays,
    commitsRead: history.commits.length,
    bounded: history.bounded,
    shallow: history.shallow,
    activeAuthors: new Set(recent.map(identity)).size,
    services: perService,
    coupling: changeCoupling(kept.filter((t): t is string[] => t !== null)),
    couplingSkipped: kept.filter((t, i) => t === null && touched[i]!.length > 0).length,
    releases: { tags: history.tags.length, inWindow: tagsInWindow, perWeek: history.tags.length ? round2(tagsInWindow / weeks) : null },
  };
}

/**
 * Change coupling from the services each commit changed. For a pair (a, b): support is the
 * number of commits changing both; confidence a→b is support over a's commits; degree is
 * support over the mean of both. Pairs with less than MIN_SUPPORT are left out.
 */
export function changeCoupling(commits: readonly (readonly string[])[]): ChangeCoupling[] {
  const revisions = new Map<string, number>();
  const shared = new Map<string, number>();
  for (const services of commits) {
    const list = [...new Set(services)].sort(compare);
    for (const s of list) revisions.set(s, (revisions.get(s) ?? 0) + 1);
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const key = `${list[i]}\0${list[j]}`;
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
  }
  const pairs: ChangeCoupling[] = [];
  for (const [key, support] of shared) {
    if (support < MIN_SUPPORT) continue;
    const [a, b] = key.split('\0') as [string, string];
    const ra = revisions.get(a)!;
    const rb = revisions.get(b)!;
    const degree = round2(support / ((ra + rb) / 2));
    pairs.push({ a, b, support, revisionsA: ra, revisionsB: rb, confidenceAB: round2(support / ra), confidenceBA: round2(support / rb), degree, strong: support >= STRONG_SUPPORT && degree >= STRONG_DEGREE });
  }
  return pairs.sort((x, y) => y.degree - x.degree || y.support - x.support || compare(x.a, y.a) || compare(x.b, y.b)).slice(0, MAX_PAIRS);
}

function identity(c: { email: string; author: string }): string {
  return c.email || c.author;
}
