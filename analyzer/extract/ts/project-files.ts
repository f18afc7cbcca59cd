import path from 'node:path';
import type { FileRef } from '../../discover/index.js';
import type { Diagnostic } from '../../types/index.js';
import { bracketDepth } from './nesting.js';
import { tsv } from './parse-source.js';

/** tsconfig files are parsed by the (recursive) TypeScript JSON parser: refused beyond this nesting. */
const MAX_JSON_DEPTH = 400;

export interface ProjectInfo {
  /** Names of packages defined in this repository (workspaces, services' own package.json). */
  packageNames: Set<string>;
  /** tsconfig `paths` patterns (`@/*`, `@app/core`) with the folder they map to, per tsconfig folder. */
  pathAliases: { dir: string; pattern: string; targets: string[] }[];
  /** package.json name → folder. */
  packageDirs: Map<string, string>;
}

/** Reads every package.json and tsconfig.json (JSON with comments) to know which imports are local code. */
export function readProjectInfo(files: readonly FileRef[], read: (rel: string) => string | null, diagnostics: Diagnostic[]): ProjectInfo {
  const info: ProjectInfo = { packageNames: new Set(), pathAliases: [], packageDirs: new Map() };
  for (const file of files) {
    const base = path.posix.basename(file.path);
    const dir = path.posix.dirname(file.path) === '.' ? '' : path.posix.dirname(file.path);
    if (base === 'package.json') {
      const text = read(file.path);
      if (text === null) continue;
      try {
        const json = JSON.parse(text) as { name?: unknown };
        if (typeof json.name === 'string' && json.name) {
          info.packageNames.add(json.name);
          info.packageDirs.set(json.name, dir);
        }
      } catch (error) {
        diagnostics.push({ level: 'warning', code: 'json-parse', file: file.path, message: `invalid package.json: ${error instanceof Error ? error.message : String(error)}` });
      }
    } else if (/^tsconfig(\.[\w-]+)?\.json$/.test(base) || base === 'jsconfig.json') {
      const text = read(file.path);
      if (text === null) continue;
      if (bracketDepth(text) > MAX_JSON_DEPTH) {
        diagnostics.push({ level: 'warning', code: 'source-too-deep', file: file.path, message: `${base} not read: nested deeper than ${MAX_JSON_DEPTH} levels` });
        continue;
      }
      let parsed: ReturnType<typeof tsv.parseConfigFileTextToJson>;
      try {
        parsed = tsv.parseConfigFileTextToJson(file.path, text);
      } catch (error) {
        // The JSON parser recurses: a tsconfig nested thousands deep runs it out of stack.
        diagnostics.push({ level: 'warning', code: 'json-parse', file: file.path, message: `${base} not read: ${error instanceof Error ? error.message : String(error)}` });
        continue;
      }
      if (parsed.error) {
        diagnostics.push({ level: 'warning', code: 'json-parse', file: file.path, message: `invalid ${base}: ${tsv.flattenDiagnosticMessageText(parsed.error.messageText, ' ')}` });
        continue;
      }
      const options = (parsed.config as { compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | undefined)?.compilerOptions;
      const paths = options?.paths;
      if (!paths || typeof paths !== 'object') continue;
      const baseUrl = typeof options.baseUrl === 'string' ? path.posix.join(dir, options.baseUrl) : dir;
      for (const [pattern, targets] of Object.entries(paths as Record<string, unknown>)) {
        if (!Array.isArray(targets)) continue;
        info.pathAliases.push({ dir: baseUrl, pattern, targets: targets.filter((t): t is string => typeof t === 'string') });
      }
    }
  }
  return info;
}

/** Decides whether an import specifier points at this repository's own code. */
export function localModulePredicate(info: Pick<ProjectInfo, 'packageNames' | 'pathAliases'>): (specifier: string) => boolean {
  const prefixes = info.pathAliases.map((a) => a.pattern.replace(/\*$/, ''));
  return (specifier) => {
    if (specifier.startsWith('.') || specifier.startsWith('/')) return true;
    if (specifier.startsWith('node:')) return false;
    if (prefixes.some((p) => (p.endsWith('/') || p === '' ? specifier.startsWith(p) && p !== '' : specifier === p || specifier.startsWith(`${p}/`)))) return true;
    const pkg = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
    return info.packageNames.has(pkg);
  };
}
