import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';

/**
 * A key → value store kept in one file between runs. A run reads the file once, looks
 * entries up by key (keys are content hashes, so a stale entry is never hit, only unused),
 * and on `save` writes back exactly the entries this run used, which drops the entries of
 * files that changed or went away. A missing, unreadable or foreign file is an empty cache;
 * a cache that cannot be written is skipped: the cache makes runs faster and never changes
 * what they produce.
 */
export interface CacheStore<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
  save(): void;
  readonly stats: { hits: number; misses: number };
}

interface CacheFile<T> {
  format: string;
  salt: string;
  entries: Map<string, T>;
}

const FORMAT = 'archreview-cache-1';

/** The store of `name` in `dir`; entries written with another `salt` (another archreview build) are ignored. */
export function openCache<T>(dir: string | null, name: string, salt: string): CacheStore<T> {
  const file = dir ? path.join(dir, `${name}.bin`) : null;
  let previous = new Map<string, T>();
  if (file) {
    try {
      const data = deserialize(readFileSync(file)) as CacheFile<T>;
      if (data && data.format === FORMAT && data.salt === salt && data.entries instanceof Map) previous = data.entries;
    } catch {
      previous = new Map();
    }
  }
  const used = new Map<string, T>();
  const stats = { hits: 0, misses: 0 };
  return {
    stats,
    get(key) {
      const value = previous.get(key) ?? used.get(key);
      if (value === undefined) {
        stats.misses++;
        return undefined;
      }
      stats.hits++;
      used.set(key, value);
      return value;
    },
    set(key, value) {
      used.set(key, value);
    },
    save() {
      if (!file || !dir) return;
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(tmp, serialize({ format: FORMAT, salt, entries: used } satisfies CacheFile<T>));
        renameSync(tmp, file);
      } catch {
        try {
          rmSync(tmp, { force: true });
        } catch {
          // nothing was written
        }
      }
    },
  };
}

/** A short, stable hash of strings (sha256, hex). */
export function hashOf(...parts: (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part);
    hash.update('\u0000');
  }
  return hash.digest('hex');
}

/**
 * What identifies a file's content for the caches: the sha256 of its bytes; `missing`,
 * `special` (not a regular file) or `unreadable`; for a file over `maxBytes`, which nothing
 * reads, its size. Opened like `readText` opens files (never blocking on a FIFO).
 */
export function fileHash(abs: string, maxBytes: number): string {
  let fd: number | undefined;
  try {
    fd = openSync(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stat = fstatSync(fd);
    if (!stat.isFile()) return 'special';
    if (stat.size > maxBytes) return `size:${stat.size}`;
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(Math.min(Math.max(stat.size, 1), 1 << 20));
    let total = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n <= 0) break;
      total += n;
      if (total > maxBytes) return `size:${total}+`;
      hash.update(buffer.subarray(0, n));
    }
    return hash.digest('hex');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Where the caches of one analyzed folder live: `$ARCHREVIEW_CACHE_DIR`, else the user's cache
 * folder (`$XDG_CACHE_HOME/archreview`, `~/.cache/archreview`), one subfolder per analyzed
 * folder. Nothing is written into the analyzed repository.
 */
export function cacheDirFor(root: string, base?: string): string {
  const top = base ?? process.env.ARCHREVIEW_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'archreview');
  const abs = path.resolve(root);
  const label = path.basename(abs).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40) || 'root';
  return path.join(top, `${label}-${hashOf(abs).slice(0, 16)}`);
}

let codeSalt: string | undefined;

/**
 * A hash of archreview's own analysis code (the analyzer and the rules, as built or as
 * sources), so an entry written by another build, even one with the same version number,
 * is never read.
 */
export function analyzerSalt(): string {
  if (codeSalt) return codeSalt;
  const analyzerDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const parts: string[] = [];
  const visit = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const full = path.join(dir, name);
      try {
        const stat = statSync(full);
        if (stat.isDirectory()) visit(full);
        else if (/\.(js|ts)$/.test(name) && !/\.test\.(js|ts)$/.test(name)) parts.push(path.relative(analyzerDir, full), readFileSync(full, 'utf8'));
      } catch {
        parts.push(path.relative(analyzerDir, full), 'unreadable');
      }
    }
  };
  visit(analyzerDir);
  visit(path.join(analyzerDir, '..', 'rules'));
  parts.push(...dependencyVersions(analyzerDir));
  codeSalt = hashOf(...parts);
  return codeSalt;
}

/**
 * The installed version of each runtime dependency (and of the compiler ts-morph bundles), so
 * an update within a version range, which may change what is parsed or how, starts afresh.
 * Read from the package.json files on disk: nothing is loaded.
 */
function dependencyVersions(analyzerDir: string): string[] {
  const readJson = (file: string): { version?: string; dependencies?: Record<string, string> } | null => {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      return null;
    }
  };
  // The package root: the nearest folder above the analyzer with a package.json (dist/.. or the sources' root).
  let root = path.dirname(analyzerDir);
  while (!readJson(path.join(root, 'package.json')) && path.dirname(root) !== root) root = path.dirname(root);
  const names = [...Object.keys(readJson(path.join(root, 'package.json'))?.dependencies ?? {}), '@ts-morph/common'].sort();
  return names.map((name) => {
    for (let dir = root; ; dir = path.dirname(dir)) {
      const version = readJson(path.join(dir, 'node_modules', name, 'package.json'))?.version;
      if (version) return `${name}@${version}`;
      if (path.dirname(dir) === dir) return `${name}@none`;
    }
  });
}
