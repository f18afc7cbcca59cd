import { isTestOrGenerated } from '../discover/index.js';
import type { FileRef } from '../discover/index.js';
import type { Diagnostic, SourceFileFact } from '../types/index.js';
import { readText } from '../discover/index.js';
import { hashOf, type CacheStore } from './cache-store.js';

/** A line count kept between runs: the count (null when the file could not be read) and what reading it said. */
export interface LineCount {
  loc: number | null;
  diagnostics: Diagnostic[];
}

/** The store, and the content hash of a root-relative file (undefined: do not cache it). */
export interface LineCountCache {
  store: CacheStore<LineCount>;
  contentHash(rel: string): string | undefined;
}

/** Size of source files over which line counting gives up (bundles, data dumps). */
const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

/**
 * Counts non-blank lines of every source file; tests, generated code and bundles are marked
 * as not counted. With a cache, a file whose content is unchanged is not read again.
 */
export function sourceStats(files: readonly FileRef[], diagnostics: Diagnostic[], maxFileBytes = MAX_SOURCE_BYTES, cache?: LineCountCache): SourceFileFact[] {
  const out: SourceFileFact[] = [];
  const limit = Math.min(MAX_SOURCE_BYTES, maxFileBytes);
  const limitName = limit < MAX_SOURCE_BYTES ? 'limits.maxFileBytes' : 'bundles are not counted';
  for (const file of files) {
    if (file.category !== 'source' || !file.language) continue;
    const counted = !isTestOrGenerated(file.path);
    if (file.size > limit) {
      diagnostics.push({ level: 'info', code: 'file-too-large', file: file.path, message: `not counted: ${file.size} bytes is over the ${limit}-byte limit for source files (${limitName})` });
      continue;
    }
    const content = cache?.contentHash(file.path);
    const key = cache && content ? hashOf('loc', file.path, String(limit), content) : null;
    let result = key ? cache!.store.get(key) : undefined;
    if (!result) {
      const read: Diagnostic[] = [];
      const text = readText(file.abs, file.path, read, limit, limitName);
      result = { loc: text === null ? null : countLines(text), diagnostics: read };
      if (key) cache!.store.set(key, result);
    }
    diagnostics.push(...result.diagnostics);
    if (result.loc === null) continue;
    out.push({ kind: 'source-file', file: file.path, library: 'source', language: file.language, loc: result.loc, counted });
  }
  return out;
}

export function countLines(text: string): number {
  let count = 0;
  let blank = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (!blank) count++;
      blank = true;
    } else if (c !== 32 && c !== 9 && c !== 13) blank = false;
  }
  if (!blank) count++;
  return count;
}
