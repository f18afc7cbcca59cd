import path from 'node:path';
import type { Fact, RouteFact } from '../types/index.js';
import { expandIncludes, includeDirectives, MAX_DIRECTIVES, resolveInclude, type IncludeState } from './nginx-includes.js';
import { parseNginx, type NginxDirective } from './nginx-parser.js';
import { nginxRoutes } from './nginx-routes.js';
import type { ReaderContext } from './reader-context.js';

/** Folder names that say where a config sits, not which proxy it belongs to. */
const GENERIC_DIRS = new Set(['conf.d', 'conf', 'config', 'configs', 'configuration', 'sites-enabled', 'sites-available', 'templates', 'etc', 'http.d', 'default.d', 'snippets', 'includes']);

/**
 * Reads nginx configurations. Every file classified as nginx config that no other one
 * includes is a main config: its includes are expanded (relative to it, loops reported)
 * and its `*_pass` directives become route facts. The gateway of those routes is named
 * after the folder holding the main config (`proxy/nginx.conf` → `proxy`), or `nginx`;
 * resolve then attaches them to the compose service that mounts or builds that file.
 */
export function readNginx(ctx: ReaderContext): { facts: Fact[]; files: string[] } {
  const parsed = new Map<string, NginxDirective[] | null>();
  const parse = (file: string): NginxDirective[] | null => {
    if (!parsed.has(file)) {
      const text = ctx.read(file);
      parsed.set(file, text === null ? null : parseNginx(text, file, ctx.diagnostics, ctx.config.limits?.maxNestingDepth));
    }
    return parsed.get(file) ?? null;
  };

  const configs = ctx.files.filter((f) => f.category === 'nginx').map((f) => f.path).sort();
  const included = new Set<string>();
  for (const file of configs) {
    for (const include of includeDirectives(parse(file) ?? [])) {
      for (const target of resolveInclude(include.args[0]!, file, ctx)) if (target !== file) included.add(target);
    }
  }

  const facts: RouteFact[] = [];
  const used = new Set<string>();
  const readConfig = (entry: string): void => {
    try {
      readOne(entry);
    } catch (error) {
      ctx.diagnostics.push({ level: 'error', code: 'reader-failed', file: entry, message: `nginx config not read: ${error instanceof Error ? error.message : String(error)}` });
    }
  };
  const readOne = (entry: string): void => {
    const tree = parse(entry);
    if (!tree) return;
    const state: IncludeState = { ctx, diagnostics: ctx.diagnostics, parse, used: new Set([entry]), count: 0 };
    const expanded = expandIncludes(tree, [entry], state);
    if (state.count > MAX_DIRECTIVES) {
      ctx.diagnostics.push({ level: 'warning', code: 'nginx-too-large', file: entry, message: `includes expand to more than ${MAX_DIRECTIVES} directives; the rest is not read` });
    }
    for (const file of state.used) used.add(file);
    facts.push(...nginxRoutes(expanded, gatewayName(entry), ctx.diagnostics));
  };
  for (const file of configs) if (!included.has(file)) readConfig(file);
  // Files only reachable through an include loop have no main config: read each on its own.
  for (const file of configs) if (!used.has(file) && parse(file)) readConfig(file);

  return { facts: dedupe(facts), files: [...used].sort() };
}

/** Default gateway name: the nearest folder above the config that is not a generic one, else `nginx`. */
export function gatewayName(file: string): string {
  const dirs = path.posix.dirname(file).split('/').filter((d) => d && d !== '.');
  for (let i = dirs.length - 1; i >= 0; i--) if (!GENERIC_DIRS.has(dirs[i]!.toLowerCase())) return dirs[i]!;
  return 'nginx';
}

function dedupe(facts: RouteFact[]): RouteFact[] {
  const seen = new Set<string>();
  return facts.filter((f) => {
    const key = JSON.stringify([f.gateway, f.file, f.line, f.host, f.path, f.target, f.port, f.protocol]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
