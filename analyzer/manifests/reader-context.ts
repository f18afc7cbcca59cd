import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { readText, type FileRef, type Inventory } from '../discover/index.js';
import type { Diagnostic } from '../types/index.js';

/** What a manifest reader may use: the file list, a cached reader confined to the root, a diagnostics sink. */
export interface ReaderContext {
  root: string;
  files: readonly FileRef[];
  config: Config;
  diagnostics: Diagnostic[];
  /** Reads a file by root-relative path; null (with a diagnostic unless `quiet`) when it cannot. */
  read(rel: string, options?: { quiet?: boolean }): string | null;
  /** True when a root-relative path exists inside the root. */
  exists(rel: string): boolean;
  /** Every file read so far with its text, in the order first read. */
  texts(): [string, string][];
  /** Root-relative paths inside the root read or looked up that are not in the file list (ignored or excluded files), sorted. */
  outsideInventory(): string[];
}

export function createReaderContext(inventory: Inventory, config: Config): ReaderContext {
  const cache = new Map<string, string | null>();
  const byPath = new Map(inventory.files.map((f) => [f.path, f]));
  const rootReal = realpathSync(inventory.root);
  const outside = new Set<string>();
  const diagnostics: Diagnostic[] = [];

  const insideRoot = (rel: string): string | null => {
    const normal = path.posix.normalize(rel);
    if (normal.startsWith('../') || normal === '..' || path.posix.isAbsolute(normal)) return null;
    const abs = path.join(inventory.root, normal);
    if (!existsSync(abs)) return abs;
    const real = realpathSync(abs);
    return real === rootReal || real.startsWith(rootReal + path.sep) ? abs : null;
  };

  return {
    root: inventory.root,
    files: inventory.files,
    config,
    diagnostics,
    texts() {
      return [...cache].filter((entry): entry is [string, string] => entry[1] !== null);
    },
    outsideInventory() {
      return [...outside].sort();
    },
    exists(rel) {
      const abs = insideRoot(rel);
      // Paths refused as outside the root are never looked at, so they need no recording.
      if (abs !== null && !byPath.has(path.posix.normalize(rel))) outside.add(path.posix.normalize(rel));
      return abs !== null && existsSync(abs);
    },
    read(rel, options) {
      const key = path.posix.normalize(rel);
      if (cache.has(key)) return cache.get(key) ?? null;
      const known = byPath.get(key);
      const abs = known?.abs ?? insideRoot(key);
      if (!known && abs !== null) outside.add(key);
      let text: string | null = null;
      if (abs === null) {
        if (!options?.quiet) diagnostics.push({ level: 'warning', code: 'path-outside-root', file: rel, message: 'refers to a path outside the analyzed folder; not read' });
      } else if (!existsSync(abs)) {
        if (!options?.quiet) diagnostics.push({ level: 'warning', code: 'missing-file', file: rel, message: 'file not found' });
      } else {
        text = readText(abs, key, diagnostics, config.limits?.maxFileBytes);
      }
      cache.set(key, text);
      return text;
    },
  };
}

/** Joins a path relative to a file's folder into a root-relative path (may start with ../ when it escapes). */
export function resolveFrom(fromFile: string, target: string): string {
  const dir = path.posix.dirname(fromFile);
  return path.posix.normalize(path.posix.join(dir === '.' ? '' : dir, target)).replace(/\/$/, '') || '.';
}
