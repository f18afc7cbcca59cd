import path from 'node:path';
import type { DockerfileFact, SourceFileFact } from '../types/index.js';
import { languageFromImage } from './classify-image.js';

const PROJECT_MARKERS = /(^|\/)(package\.json|go\.mod|pom\.xml|build\.gradle(\.kts)?|requirements\.txt|pyproject\.toml|setup\.py|Cargo\.toml|Gemfile|composer\.json|mix\.exs|[^/]+\.csproj|Dockerfile)$/;

/** Folders that look like a project root: they hold a Dockerfile or a package manifest. */
export function projectDirs(filePaths: readonly string[]): Map<string, string[]> {
  const byBase = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const file of filePaths) {
    if (!PROJECT_MARKERS.test(file)) continue;
    const dir = path.posix.dirname(file);
    if (dir === '.' || seen.has(dir)) continue;
    seen.add(dir);
    const base = path.posix.basename(dir).toLowerCase();
    byBase.set(base, [...(byBase.get(base) ?? []), dir]);
  }
  return byBase;
}

/**
 * The source folder of a workload without a build context: the one project folder named
 * like the workload or its image (`src/cartservice` for `cartservice`). Null when none or
 * several match.
 */
export function guessSourceDir(names: string[], dirsByBase: Map<string, string[]>, dockerDirs: ReadonlySet<string>): { dir: string | null; ambiguous: string[] } {
  for (const name of names) {
    const dirs = dirsByBase.get(name.toLowerCase()) ?? [];
    if (dirs.length === 1) return { dir: dirs[0]!, ambiguous: [] };
    if (dirs.length > 1) {
      const withDocker = dirs.filter((d) => dockerDirs.has(d));
      if (withDocker.length === 1) return { dir: withDocker[0]!, ambiguous: [] };
      return { dir: null, ambiguous: dirs };
    }
  }
  return { dir: null, ambiguous: [] };
}

export interface CodeStats {
  language: string | null;
  loc: number | null;
}

/**
 * Lines of code and main language per service folder. Each source file counts for the
 * deepest service folder that holds it, so nested services are not counted twice.
 */
export function codeStats(paths: Map<string, string>, sources: readonly SourceFileFact[], dockerfiles: Map<string, DockerfileFact>): Map<string, CodeStats> {
  const byDir = new Map<string, string[]>();
  for (const [service, dir] of paths) byDir.set(dir, [...(byDir.get(dir) ?? []), service]);
  const totals = new Map<string, Map<string, number>>();
  for (const file of sources) {
    if (!file.counted) continue;
    const owner = deepestOwner(file.file, byDir);
    if (owner === undefined) continue;
    const perLanguage = totals.get(owner) ?? new Map<string, number>();
    perLanguage.set(file.language, (perLanguage.get(file.language) ?? 0) + file.loc);
    totals.set(owner, perLanguage);
  }
  const out = new Map<string, CodeStats>();
  for (const [service, dir] of paths) {
    const perLanguage = totals.get(dir);
    if (!perLanguage) {
      const dockerfile = dockerfiles.get(dir);
      out.set(service, { language: dockerfile?.baseImage ? languageFromImage(dockerfile.baseImage) : null, loc: 0 });
      continue;
    }
    const ranked = [...perLanguage].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const loc = ranked.reduce((sum, [, n]) => sum + n, 0);
    out.set(service, { language: ranked[0]?.[0] ?? null, loc });
  }
  return out;
}

function deepestOwner(file: string, byDir: Map<string, unknown>): string | undefined {
  let dir = path.posix.dirname(file);
  for (;;) {
    if (byDir.has(dir)) return dir;
    if (dir === '.' || dir === '/') return byDir.has('') ? '' : undefined;
    dir = path.posix.dirname(dir);
  }
}
