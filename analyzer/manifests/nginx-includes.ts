import path from 'node:path';
import picomatch from 'picomatch';
import type { Diagnostic } from '../types/index.js';
import type { NginxDirective } from './nginx-parser.js';
import type { ReaderContext } from './reader-context.js';

/**
 * Where nginx images keep their configuration. An absolute include under one of these
 * is looked up in the repository as if that folder were the config's own folder (or one
 * of its parents): `/etc/nginx/conf.d/*.conf` from `proxy/nginx.conf` finds `proxy/conf.d/*.conf`.
 */
const CONFIG_PREFIXES = ['/etc/nginx/', '/usr/local/nginx/conf/', '/usr/local/openresty/nginx/conf/', '/usr/local/etc/nginx/', '/opt/bitnami/nginx/conf/', '/etc/openresty/'];

/** Files every nginx image ships; an include of one that the repository lacks is not worth a diagnostic. */
const STOCK_FILE = /(^|\/)(mime\.types|(fastcgi|uwsgi|scgi|proxy)_params|fastcgi\.conf|koi-utf|koi-win|win-utf)$|(^|\/)modules-enabled\//;

/** Include expansion stops after this many directives (guards against include explosions). */
export const MAX_DIRECTIVES = 50_000;

/**
 * Root-relative files an `include` names. Relative patterns are tried against the
 * including file's folder, then each parent folder up to the root (nginx resolves them
 * against its prefix, the folder of the main config, which is usually one of those);
 * the first folder that matches wins. Globs match like nginx's (`*` stays in one folder).
 */
export function resolveInclude(pattern: string, fromFile: string, ctx: Pick<ReaderContext, 'files' | 'exists'>): string[] {
  let rel = pattern;
  if (pattern.startsWith('/')) {
    const prefix = CONFIG_PREFIXES.find((p) => pattern.startsWith(p));
    if (!prefix) return [];
    rel = pattern.slice(prefix.length);
  }
  const glob = /[*?[]/.test(rel);
  let dir = path.posix.dirname(fromFile);
  for (;;) {
    const base = dir === '.' ? '' : dir;
    const candidate = path.posix.normalize(base ? `${base}/${rel}` : rel);
    if (!candidate.startsWith('../') && candidate !== '..') {
      if (glob) {
        const match = picomatch(candidate, { dot: true });
        const found = ctx.files.filter((f) => match(f.path)).map((f) => f.path).sort();
        if (found.length) return found;
      } else if (ctx.exists(candidate)) return [candidate];
    }
    if (base === '') return [];
    dir = path.posix.dirname(base);
  }
}

/** Every include pattern of a tree, with the directive that names it. */
export function includeDirectives(directives: readonly NginxDirective[]): NginxDirective[] {
  const out: NginxDirective[] = [];
  for (const d of directives) {
    if (d.name === 'include' && d.args.length === 1 && !d.block) out.push(d);
    if (d.block) out.push(...includeDirectives(d.block));
  }
  return out;
}

export interface IncludeState {
  ctx: Pick<ReaderContext, 'files' | 'exists'>;
  diagnostics: Diagnostic[];
  /** Parsed directives of a root-relative file, or null when it cannot be read. */
  parse(file: string): NginxDirective[] | null;
  /** Files read while expanding. */
  used: Set<string>;
  count: number;
}

/**
 * Replaces each `include` with the directives of the files it names, recursively. An
 * include that leads back to a file already being expanded is a loop: reported and not
 * followed. Included directives keep their own file and line.
 */
export function expandIncludes(directives: readonly NginxDirective[], stack: readonly string[], state: IncludeState): NginxDirective[] {
  const out: NginxDirective[] = [];
  for (const d of directives) {
    if (state.count > MAX_DIRECTIVES) break;
    state.count++;
    if (d.name !== 'include' || d.args.length !== 1 || d.block) {
      out.push(d.block ? { ...d, block: expandIncludes(d.block, stack, state) } : d);
      continue;
    }
    const pattern = d.args[0]!;
    const files = resolveInclude(pattern, d.file, state.ctx);
    if (!files.length && !STOCK_FILE.test(pattern)) {
      state.diagnostics.push({ level: 'info', code: 'nginx-include-missing', file: d.file, line: d.line, message: `include "${pattern}" matches no file in the repository; its directives are not read` });
    }
    for (const file of files) {
      if (stack.includes(file)) {
        state.diagnostics.push({ level: 'warning', code: 'nginx-include-loop', file: d.file, line: d.line, message: `include "${pattern}" leads back to ${file} (${[...stack, file].join(' -> ')}); not followed` });
        continue;
      }
      const parsed = state.parse(file);
      if (!parsed) continue;
      state.used.add(file);
      out.push(...expandIncludes(parsed, [...stack, file], state));
    }
  }
  return out;
}
