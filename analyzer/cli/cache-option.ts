import { realpathSync } from 'node:fs';
import path from 'node:path';
import { cacheDirFor } from '../entry.js';
import { UsageError } from './usage-error.js';

/** `--cache` and `--cache-dir` of the commands that analyze a folder. */
export interface CacheOptions {
  cache?: boolean;
  cacheDir?: string;
}

export const CACHE_HELP = 'reuse the facts of files that did not change since the last --cache run, and its report when nothing changed';
export const CACHE_DIR_HELP = 'where --cache keeps its files, one subfolder per analyzed folder (implies --cache; default $ARCHREVIEW_CACHE_DIR or ~/.cache/archreview)';

/**
 * The cache folder of `root`, or null when caching is off. A cache inside the analyzed folder
 * is refused: it would be analyzed itself, and the repository could write it.
 */
export function cacheDirOf(root: string, options: CacheOptions): string | null {
  if (!options.cache && !options.cacheDir) return null;
  const dir = cacheDirFor(root, options.cacheDir);
  const rel = path.relative(realPath(root), realPath(dir));
  if (rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel))) {
    throw new UsageError(`the cache folder ${dir} is inside the analyzed folder; give --cache-dir (or ARCHREVIEW_CACHE_DIR) a folder outside it`);
  }
  return dir;
}

/** The real path of `target`: links resolved in the longest part that exists, the rest appended. */
function realPath(target: string): string {
  const abs = path.resolve(target);
  const rest: string[] = [];
  for (let dir = abs; ; dir = path.dirname(dir)) {
    try {
      return path.join(realpathSync(dir), ...rest);
    } catch {
      if (path.dirname(dir) === dir) return abs;
      rest.unshift(path.basename(dir));
    }
  }
}
