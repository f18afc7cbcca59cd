import { lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { Diagnostic } from '../types/index.js';
import { classifyFile, sourceLanguage, type FileCategory } from './classify-file.js';
import { DEFAULT_MAX_FILE_BYTES, errorCode, readText } from './read-text.js';

export interface FileRef {
  /** Path relative to the root, `/`-separated. */
  path: string;
  abs: string;
  category: FileCategory;
  size: number;
  language: string | null;
}

export interface Inventory {
  root: string;
  files: FileRef[];
  diagnostics: Diagnostic[];
}

export interface WalkOptions {
  include?: string[];
  exclude?: string[];
  /** Stop listing after this many files (a diagnostic says so). */
  maxFiles?: number;
  /** .gitignore files larger than this are not read (a diagnostic says so). */
  maxFileBytes?: number;
}

/** Folders never worth reading: dependencies, build output, caches, VCS data. */
export const SKIPPED_DIRS = new Set([
  'node_modules', '.git', '.hg', '.svn', 'vendor', 'dist', 'build', 'out', '.next', '.nuxt', '.svelte-kit',
  'coverage', '.turbo', '.cache', '.archreview', 'archreview-report', '__pycache__', '.venv', 'venv',
  '.tox', 'target', '.gradle', '.idea', '.vscode', 'bower_components', '.terraform', '.pnpm-store', '.yarn',
]);

interface IgnoreScope {
  dir: string;
  matcher: Ignore;
}

/**
 * Lists the files of a repository: skips dependency and build folders, honours .gitignore
 * files at every level and the config's include/exclude globs, never follows a symlink to
 * a folder, and never reads through a symlink that leaves the root. Sorted by path.
 */
export function walkTree(rootInput: string, options: WalkOptions = {}): Inventory {
  const root = path.resolve(rootInput);
  const rootReal = realpathSync(root);
  const diagnostics: Diagnostic[] = [];
  const found: { path: string; abs: string; size: number }[] = [];
  const include = options.include?.length ? picomatch(options.include, { dot: true }) : null;
  const exclude = options.exclude?.length ? picomatch(options.exclude, { dot: true }) : null;
  const maxFiles = options.maxFiles ?? 500_000;
  let truncated = false;

  const visit = (relDir: string, scopes: IgnoreScope[]): void => {
    if (truncated) return;
    const absDir = relDir ? path.join(root, relDir) : root;
    let entries: Dirent[];
    try {
      entries = readdirSync(absDir, { withFileTypes: true });
    } catch (error) {
      diagnostics.push({ level: 'warning', code: 'unreadable-dir', file: relDir || '.', message: `cannot list folder: ${errorCode(error)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const localScopes = withGitignore(scopes, relDir, absDir, entries, diagnostics, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      const abs = path.join(absDir, entry.name);
      if (entry.isDirectory()) {
        if (SKIPPED_DIRS.has(entry.name) || isIgnored(localScopes, rel, true)) continue;
        if (exclude?.(rel) || exclude?.(`${rel}/`)) continue;
        visit(rel, localScopes);
        continue;
      }
      if (isIgnored(localScopes, rel, false)) continue;
      if (exclude?.(rel)) continue;
      if (include && !include(rel)) continue;
      let size: number;
      if (entry.isSymbolicLink()) {
        const target = followLink(abs, rootReal);
        if (target.kind === 'outside') {
          diagnostics.push({ level: 'warning', code: 'symlink-outside-root', file: rel, message: 'symbolic link points outside the analyzed folder; not followed' });
          continue;
        }
        if (target.kind === 'broken') {
          diagnostics.push({ level: target.loop ? 'warning' : 'info', code: target.loop ? 'symlink-loop' : 'symlink-broken', file: rel, message: target.loop ? 'symbolic link loop; not followed' : 'symbolic link to nothing; skipped' });
          continue;
        }
        if (target.kind === 'dir') {
          diagnostics.push({ level: 'info', code: 'symlink-dir', file: rel, message: 'symbolic link to a folder; not followed (each folder is read once, where it is)' });
          continue;
        }
        if (target.kind !== 'file') {
          diagnostics.push(notAFile(rel));
          continue;
        }
        size = target.size;
      } else if (entry.isFile()) {
        try {
          size = lstatSync(abs).size;
        } catch (error) {
          diagnostics.push({ level: 'warning', code: 'unreadable-file', file: rel, message: `cannot read file: ${errorCode(error)}` });
          continue;
        }
      } else {
        diagnostics.push(notAFile(rel));
        continue;
      }
      if (found.length >= maxFiles) {
        truncated = true;
        diagnostics.push({ level: 'warning', code: 'too-many-files', file: rel, message: `stopped listing after ${maxFiles} files (limits.maxFiles); narrow the analysis with include/exclude` });
        return;
      }
      found.push({ path: rel, abs, size });
    }
  };
  visit('', []);

  const chartRoots = new Set(
    found.filter((f) => /(^|\/)Chart\.ya?ml$/.test(f.path)).map((f) => (path.posix.dirname(f.path) === '.' ? '' : path.posix.dirname(f.path))),
  );
  const files = found.map((f) => ({ ...f, category: classifyFile(f.path, chartRoots), language: sourceLanguage(f.path) }));
  return { root, files, diagnostics };
}

function notAFile(rel: string): Diagnostic {
  return { level: 'info', code: 'not-a-file', file: rel, message: 'skipped: not a regular file (a pipe, socket or device)' };
}

function withGitignore(scopes: IgnoreScope[], relDir: string, absDir: string, entries: Dirent[], diagnostics: Diagnostic[], maxBytes: number): IgnoreScope[] {
  if (!entries.some((e) => e.name === '.gitignore' && e.isFile())) return scopes;
  const file = relDir ? `${relDir}/.gitignore` : '.gitignore';
  const text = readText(path.join(absDir, '.gitignore'), file, diagnostics, maxBytes);
  if (text === null) return scopes;
  try {
    return [...scopes, { dir: relDir, matcher: ignore().add(text) }];
  } catch (error) {
    diagnostics.push({ level: 'warning', code: 'gitignore-invalid', file, message: `cannot use .gitignore: ${errorCode(error)}` });
    return scopes;
  }
}

function isIgnored(scopes: IgnoreScope[], rel: string, isDir: boolean): boolean {
  for (const scope of scopes) {
    const inner = scope.dir ? rel.slice(scope.dir.length + 1) : rel;
    if (scope.matcher.ignores(isDir ? `${inner}/` : inner)) return true;
  }
  return false;
}

type LinkTarget = { kind: 'file'; size: number } | { kind: 'dir' } | { kind: 'outside' } | { kind: 'broken'; loop?: boolean } | { kind: 'special' };

function followLink(abs: string, rootReal: string): LinkTarget {
  let real: string;
  try {
    real = realpathSync(abs);
  } catch (error) {
    return { kind: 'broken', loop: errorCode(error) === 'ELOOP' };
  }
  if (real !== rootReal && !real.startsWith(rootReal + path.sep)) return { kind: 'outside' };
  try {
    const stat = statSync(real);
    if (stat.isFile()) return { kind: 'file', size: stat.size };
    return stat.isDirectory() ? { kind: 'dir' } : { kind: 'special' };
  } catch {
    return { kind: 'broken' };
  }
}

export { errorCode };
