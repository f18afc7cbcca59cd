import { cacheDirFor } from '../entry.js';

/** `--cache` and `--cache-dir` of the commands that analyze a folder. */
export interface CacheOptions {
  cache?: boolean;
  cacheDir?: string;
}

export const CACHE_HELP = 'reuse the facts of files that did not change since the last --cache run, and its report when nothing changed';
export const CACHE_DIR_HELP = 'where --cache keeps its files, one subfolder per analyzed folder (implies --cache; default $ARCHREVIEW_CACHE_DIR or ~/.cache/archreview)';

/** The cache folder of `root`, or null when caching is off. */
export function cacheDirOf(root: string, options: CacheOptions): string | null {
  if (!options.cache && !options.cacheDir) return null;
  return cacheDirFor(root, options.cacheDir);
}
