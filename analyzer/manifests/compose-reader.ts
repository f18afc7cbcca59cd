import path from 'node:path';
import type { Diagnostic, Fact, ManifestEnvFact } from '../types/index.js';
import type { ComposeService } from './compose-model.js';
import { mergeServices } from './compose-merge.js';
import { composePath, normalizeService } from './compose-normalize.js';
import { parseEnvFile } from './env-file.js';
import { DEFAULT_MAX_EXPANSION, ExpansionBudget, expansionDiagnostic, interpolate } from './interpolate.js';
import type { ReaderContext } from './reader-context.js';
import { isRecord, parseYamlDocuments, type YamlDoc, type YamlPath } from './yaml-source.js';

const LIBRARY = 'docker-compose';
const BASE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const ENV_FALLBACKS = ['.env', '.env.example', '.env.sample', '.env.dist', '.env.template'];

export interface ComposeResult {
  facts: Fact[];
  /** Compose files read, root-relative. */
  files: string[];
}

/**
 * Reads every compose project in the repository. A project is a folder's compose files —
 * the base file, its override, then other variants — merged the way `docker compose`
 * merges `-f` files, plus the files they `include`. Values are interpolated from the
 * project's `.env`. Emits one manifest-service per merged service and its env, probes
 * and resources.
 */
export function readCompose(ctx: ReaderContext): ComposeResult {
  const composeFiles = ctx.files.filter((f) => f.category === 'compose').map((f) => f.path);
  const parsed = new Map<string, YamlDoc | null>();
  const load = (file: string): YamlDoc | null => {
    if (!parsed.has(file)) {
      const text = ctx.read(file);
      const docs = text === null ? [] : parseYamlDocuments(text, file, ctx.diagnostics, ctx.config.limits);
      const doc = docs[0] ?? null;
      if (doc && !isRecord(doc.value)) {
        ctx.diagnostics.push({ level: 'warning', code: 'compose-invalid', file, message: 'compose file is not a mapping; skipped' });
        parsed.set(file, null);
      } else parsed.set(file, doc);
    }
    return parsed.get(file) ?? null;
  };

  const included = new Map<string, string[]>();
  for (const file of composeFiles) {
    const doc = load(file);
    if (!doc || !isRecord(doc.value)) continue;
    const includes = includePaths(doc.value.include).map((p) => composePath(dirOf(file), p));
    if (includes.length) included.set(file, includes);
  }
  const includedFiles = new Set([...included.values()].flat());

  const byDir = new Map<string, string[]>();
  for (const file of composeFiles) {
    if (includedFiles.has(file)) continue;
    const dir = dirOf(file);
    byDir.set(dir, [...(byDir.get(dir) ?? []), file]);
  }

  const facts: Fact[] = [];
  const read = new Set<string>();
  for (const dir of [...byDir.keys()].sort()) {
    const files = orderProjectFiles(byDir.get(dir) ?? []);
    if (files.length > 1) {
      ctx.diagnostics.push({ level: 'info', code: 'compose-merged', file: files[0], message: `merged compose files in this order: ${files.join(', ')}` });
    }
    const services = new Map<string, ComposeService>();
    const addFile = (file: string, projectDir: string, env: Map<string, string>, seen: Set<string>): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const doc = load(file);
      if (!doc) return;
      read.add(file);
      for (const inc of included.get(file) ?? []) {
        if (!ctx.exists(inc)) {
          ctx.diagnostics.push({ level: 'warning', code: 'missing-file', file, message: `included compose file ${inc} not found` });
          continue;
        }
        addFile(inc, dirOf(inc), projectEnv(ctx, dirOf(inc), read), seen);
      }
      const value = interpolateDoc(doc, file, env, ctx.diagnostics, ctx.config.limits?.maxExpansionBytes);
      const servicesPath = isRecord(value.services) || value.services !== undefined ? ['services'] : [];
      for (const [name, raw] of Object.entries(serviceMap(value, file, ctx.diagnostics))) {
        const svc = normalizeService(name, raw, doc, file, projectDir, (n) => env.get(n), ctx.diagnostics, servicesPath);
        const prev = services.get(name);
        services.set(name, prev ? mergeServices(prev, svc) : svc);
      }
    };
    const env = projectEnv(ctx, dir, read);
    const seen = new Set<string>();
    for (const file of files) addFile(file, dir, env, seen);
    for (const svc of [...services.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const resolved = resolveExtends(svc, services, ctx, env, new Set());
      facts.push(...serviceFacts(resolved, ctx, read));
    }
  }
  return { facts, files: [...read].sort() };
}

function dirOf(file: string): string {
  const dir = path.posix.dirname(file);
  return dir === '.' ? '' : dir;
}

function orderProjectFiles(files: string[]): string[] {
  const rank = (file: string): number => {
    const base = path.posix.basename(file);
    const baseIndex = BASE_NAMES.indexOf(base);
    if (baseIndex >= 0) return baseIndex;
    if (/\.override\.ya?ml$/.test(base)) return 10;
    return 20;
  };
  return [...files].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function includePaths(include: unknown): string[] {
  if (!Array.isArray(include)) return [];
  return include.flatMap((entry) => {
    if (typeof entry === 'string') return [entry];
    if (isRecord(entry)) {
      if (typeof entry.path === 'string') return [entry.path];
      if (Array.isArray(entry.path)) return entry.path.filter((p): p is string => typeof p === 'string');
    }
    return [];
  });
}

/** Variables for interpolation: the project's .env (or a committed example of it). */
function projectEnv(ctx: ReaderContext, dir: string, read?: Set<string>): Map<string, string> {
  for (const name of ENV_FALLBACKS) {
    const file = dir ? `${dir}/${name}` : name;
    if (!ctx.exists(file)) continue;
    const text = ctx.read(file);
    if (text === null) continue;
    read?.add(file);
    if (name !== '.env') {
      ctx.diagnostics.push({ level: 'info', code: 'env-example-used', file, message: `no .env next to the compose file; interpolated from ${name} instead` });
    }
    return new Map(parseEnvFile(text, undefined, fileBudget(ctx, file)).map((e) => [e.name, e.value]));
  }
  return new Map();
}

function serviceMap(value: Record<string, unknown>, file: string, diagnostics: Diagnostic[]): Record<string, unknown> {
  if (isRecord(value.services)) return value.services;
  if (value.services !== undefined) {
    diagnostics.push({ level: 'warning', code: 'compose-invalid', file, message: '"services" is not a mapping' });
    return {};
  }
  const legacy = Object.entries(value).filter(([k, v]) => !k.startsWith('x-') && isRecord(v) && ('image' in v || 'build' in v));
  if (legacy.length) {
    diagnostics.push({ level: 'info', code: 'compose-v1', file, message: 'compose file format v1 (services at the top level)' });
    return Object.fromEntries(legacy);
  }
  return {};
}

/** Interpolates every string value (not keys) of a compose document; reports each missing variable once. */
function interpolateDoc(doc: YamlDoc, file: string, env: Map<string, string>, diagnostics: Diagnostic[], maxExpansion = DEFAULT_MAX_EXPANSION): Record<string, unknown> {
  const reported = new Set<string>();
  const budget = new ExpansionBudget(maxExpansion, () => diagnostics.push(expansionDiagnostic(file, maxExpansion)));
  const walk = (value: unknown, at: YamlPath): unknown => {
    if (typeof value === 'string') {
      return interpolate(value, {
        lookup: (name) => env.get(name),
        budget,
        onMissing: (name) => {
          if (reported.has(name)) return;
          reported.add(name);
          diagnostics.push({ level: 'warning', code: 'unresolved-variable', file, line: doc.lineAt(at), message: `variable ${name} is not set in .env and has no default; read as an empty string` });
        },
        onRequired: (name, message) => {
          diagnostics.push({ level: 'warning', code: 'unresolved-variable', file, line: doc.lineAt(at), message: `required variable ${name} is not set${message ? `: ${message}` : ''}` });
        },
      });
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...at, i]));
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...at, k])]));
    return value;
  };
  return walk(doc.value, []) as Record<string, unknown>;
}

/** A budget for one file's variable substitution that reports itself when it runs out. */
function fileBudget(ctx: ReaderContext, file: string): ExpansionBudget {
  const limit = ctx.config.limits?.maxExpansionBytes ?? DEFAULT_MAX_EXPANSION;
  return new ExpansionBudget(limit, () => ctx.diagnostics.push(expansionDiagnostic(file, limit)));
}

function resolveExtends(svc: ComposeService, siblings: Map<string, ComposeService>, ctx: ReaderContext, env: Map<string, string>, chain: Set<string>): ComposeService {
  const ext = svc.extends;
  if (!ext) return svc;
  const key = `${ext.file ?? ''}#${ext.service}`;
  if (chain.has(key)) {
    ctx.diagnostics.push({ level: 'warning', code: 'compose-extends-cycle', ...ext.pos, message: `extends cycle through service "${ext.service}"` });
    return { ...svc, extends: undefined };
  }
  chain.add(key);
  let parent: ComposeService | undefined;
  if (!ext.file) parent = siblings.get(ext.service);
  else {
    const file = composePath(dirOf(ext.pos.file), ext.file);
    const text = ctx.read(file);
    const doc = text === null ? undefined : parseYamlDocuments(text, file, ctx.diagnostics, ctx.config.limits)[0];
    if (doc && isRecord(doc.value)) {
      const value = interpolateDoc(doc, file, env, ctx.diagnostics, ctx.config.limits?.maxExpansionBytes);
      const raw = serviceMap(value, file, ctx.diagnostics)[ext.service];
      if (raw !== undefined) parent = normalizeService(ext.service, raw, doc, file, svc.baseDir, (n) => env.get(n), ctx.diagnostics);
    }
  }
  if (!parent) {
    ctx.diagnostics.push({ level: 'warning', code: 'compose-extends-missing', ...ext.pos, message: `service "${svc.name}" extends "${ext.service}", which was not found` });
    return { ...svc, extends: undefined };
  }
  const resolvedParent = resolveExtends(parent, siblings, ctx, env, chain);
  const merged = mergeServices({ ...resolvedParent, name: svc.name, decl: svc.decl, baseDir: svc.baseDir }, { ...svc, extends: undefined });
  return { ...merged, extends: undefined };
}

function serviceFacts(svc: ComposeService, ctx: ReaderContext, read: Set<string>): Fact[] {
  const facts: Fact[] = [];
  const buildPath = svc.build ? composePath(svc.baseDir, svc.build.context) : undefined;
  if (buildPath?.startsWith('..')) {
    ctx.diagnostics.push({ level: 'warning', code: 'path-outside-root', ...svc.build!.pos, message: `build context of "${svc.name}" is outside the analyzed folder` });
  }
  const inRoot = buildPath && !buildPath.startsWith('..') ? buildPath : undefined;
  const aliases = [svc.containerName, svc.hostname, ...[...svc.networks.values()].flat()].filter((a): a is string => !!a && a !== svc.name);
  const mounts = svc.volumes
    .filter((v) => v.type === 'bind' && v.source && !v.source.startsWith('/') && !v.source.startsWith('~'))
    .map((v) => composePath(svc.baseDir, v.source!))
    .filter((p) => !p.startsWith('..'));
  facts.push({
    kind: 'manifest-service',
    file: svc.decl.file,
    line: svc.decl.line,
    library: LIBRARY,
    name: svc.name,
    workload: 'compose-service',
    image: svc.image?.value,
    buildPath: inRoot,
    dockerfile: inRoot ? composePath(inRoot, svc.build?.dockerfile ?? 'Dockerfile') : undefined,
    ports: [
      ...svc.ports.map((p) => ({ port: p.target, protocol: p.protocol, published: p.published })),
      ...svc.expose.filter((e) => !svc.ports.some((p) => p.target === e)).map((port) => ({ port })),
    ],
    labels: Object.fromEntries([...svc.labels].sort(([a], [b]) => (a < b ? -1 : 1))),
    podLabels: {},
    annotations: {},
    replicas: svc.replicas,
    profiles: [...svc.profiles].sort(),
    dependsOn: [...svc.dependsOn].map(([name, pos]) => ({ name, file: pos.file, line: pos.line })),
    links: svc.links,
    networks: [...svc.networks.keys()].sort(),
    aliases: [...new Set(aliases)].sort(),
    mounts: [...new Set(mounts)].sort(),
  });
  facts.push(...envFacts(svc, ctx, read));
  if (svc.healthcheck && !svc.healthcheck.disabled) {
    const url = /https?:\/\/[^\s'"]+/.exec(svc.healthcheck.test ?? '')?.[0];
    let probePath: string | undefined;
    let port: number | undefined;
    if (url) {
      try {
        const parsed = new URL(url);
        probePath = parsed.pathname;
        port = parsed.port ? Number(parsed.port) : undefined;
      } catch {
        /* not a URL after all */
      }
    }
    facts.push({ kind: 'probe', file: svc.healthcheck.pos.file, line: svc.healthcheck.pos.line, library: LIBRARY, service: svc.name, probe: 'healthcheck', handler: url ? 'http' : 'exec', path: probePath, port });
  }
  {
    const pos = svc.resourcesPos ?? svc.decl;
    facts.push({ kind: 'resources', file: pos.file, line: pos.line, library: LIBRARY, service: svc.name, container: svc.name, limits: clean(svc.limits), requests: clean(svc.requests) });
  }
  return facts;
}

function envFacts(svc: ComposeService, ctx: ReaderContext, read: Set<string>): ManifestEnvFact[] {
  const out = new Map<string, ManifestEnvFact>();
  for (const envFile of svc.envFiles) {
    const file = composePath(svc.baseDir, envFile.path);
    if (!ctx.exists(file)) {
      if (envFile.required) ctx.diagnostics.push({ level: 'warning', code: 'missing-file', ...envFile.pos, message: `env_file ${envFile.path} of "${svc.name}" not found` });
      continue;
    }
    const text = ctx.read(file);
    if (text === null) continue;
    read.add(file);
    for (const entry of parseEnvFile(text, undefined, fileBudget(ctx, file))) {
      out.set(entry.name, { kind: 'manifest-env', file, line: entry.line, library: LIBRARY, service: svc.name, name: entry.name, value: entry.value, origin: 'env-file' });
    }
  }
  for (const [name, env] of svc.environment) {
    if (env.origin === 'unresolved') {
      ctx.diagnostics.push({ level: 'info', code: 'unresolved-variable', ...env.pos, message: `${name} of "${svc.name}" takes its value from the shell that runs compose; not in .env` });
    }
    out.set(name, { kind: 'manifest-env', file: env.pos.file, line: env.pos.line, library: LIBRARY, service: svc.name, name, value: env.value, origin: env.origin });
  }
  return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function clean(q: { cpu?: string; memory?: string }): { cpu?: string; memory?: string } {
  const out: { cpu?: string; memory?: string } = {};
  if (q.cpu) out.cpu = q.cpu;
  if (q.memory) out.memory = q.memory;
  return out;
}
