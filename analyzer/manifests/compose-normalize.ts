import path from 'node:path';
import type { Diagnostic } from '../types/index.js';
import { emptyService, type ComposePort, type ComposeService, type Pos } from './compose-model.js';
import { asArray, asInt, asString, isRecord, type YamlDoc, type YamlPath } from './yaml-source.js';

/**
 * Turns one service mapping of one compose file into a ComposeService. Short and long
 * syntaxes give the same result; values keep the line they came from. `lookupEnv`
 * resolves bare `- NAME` entries from the project's .env.
 */
export function normalizeService(
  name: string,
  raw: unknown,
  doc: YamlDoc,
  file: string,
  baseDir: string,
  lookupEnv: (name: string) => string | undefined,
  diagnostics: Diagnostic[],
  servicesPath: YamlPath = ['services'],
): ComposeService {
  const at = (...p: YamlPath): Pos => ({ file, line: doc.lineAt([...servicesPath, name, ...p]) });
  const svc = emptyService(name, at(), baseDir);
  if (!isRecord(raw)) {
    if (raw !== null && raw !== undefined) diagnostics.push({ level: 'warning', code: 'compose-invalid', ...at(), message: `service "${name}" is not a mapping` });
    return svc;
  }
  const image = asString(raw.image);
  if (image) svc.image = { value: image, pos: at('image') };
  readBuild(svc, raw.build, at('build'), diagnostics);
  svc.containerName = asString(raw.container_name);
  svc.hostname = asString(raw.hostname);
  const rawService = isRecord(doc.value) ? (servicesPath.length ? (isRecord(doc.value.services) ? doc.value.services[name] : undefined) : doc.value[name]) : undefined;
  readEnvironment(svc, raw.environment, at, lookupEnv, isRecord(rawService) ? rawService.environment : undefined);
  readEnvFiles(svc, raw.env_file, at);
  svc.ports = readPorts(raw.ports, at('ports'), diagnostics);
  svc.expose = asArray(raw.expose).flatMap((e) => portRange(asString(e) ?? '')).filter((p) => p > 0);
  readDependsOn(svc, raw.depends_on, at);
  svc.links = asArray(raw.links).map((l) => asString(l)).filter((l): l is string => !!l);
  readNetworks(svc, raw.networks);
  svc.profiles = asArray(raw.profiles).map((p) => asString(p)).filter((p): p is string => !!p);
  readLabels(svc.labels, raw.labels);
  readHealthcheck(svc, raw.healthcheck, at('healthcheck'));
  readDeploy(svc, raw, at);
  svc.volumes = asArray(raw.volumes).map(readVolume);
  if (raw.extends !== undefined) {
    const ext = raw.extends;
    if (typeof ext === 'string') svc.extends = { service: ext, pos: at('extends') };
    else if (isRecord(ext) && asString(ext.service)) {
      svc.extends = { service: asString(ext.service)!, file: asString(ext.file), pos: at('extends') };
    }
  }
  return svc;
}

function readBuild(svc: ComposeService, build: unknown, pos: Pos, diagnostics: Diagnostic[]): void {
  if (build === undefined || build === null) return;
  let context: string | undefined;
  let dockerfile: string | undefined;
  if (typeof build === 'string') context = build;
  else if (isRecord(build)) {
    context = asString(build.context) ?? '.';
    dockerfile = asString(build.dockerfile);
  }
  if (context === undefined) return;
  if (/^(https?:|git@|git:\/\/|github\.com\/)/.test(context)) {
    diagnostics.push({ level: 'info', code: 'remote-build-context', ...pos, message: `service "${svc.name}" builds from a remote context (${context}); its source is not in this repository` });
    return;
  }
  svc.build = { context, dockerfile, pos };
}

function readEnvironment(svc: ComposeService, env: unknown, at: (...p: YamlPath) => Pos, lookupEnv: (n: string) => string | undefined, rawEnv: unknown): void {
  const written = (key: string, index?: number): string | undefined => {
    if (Array.isArray(rawEnv) && index !== undefined) {
      const text = asString(rawEnv[index]);
      return text?.includes('=') ? text.slice(text.indexOf('=') + 1) : undefined;
    }
    return isRecord(rawEnv) ? asString(rawEnv[key]) : undefined;
  };
  const set = (key: string, value: string | null, pos: Pos, index?: number): void => {
    if (value === null) {
      const fromEnv = lookupEnv(key);
      svc.environment.set(key, fromEnv === undefined ? { value: null, origin: 'unresolved', pos } : { value: fromEnv, origin: 'env-file', pos });
    } else svc.environment.set(key, { value, origin: written(key, index)?.includes('$') ? 'interpolated' : 'literal', pos });
  };
  if (Array.isArray(env)) {
    env.forEach((entry, index) => {
      const text = asString(entry);
      if (!text) return;
      const eq = text.indexOf('=');
      if (eq < 0) set(text.trim(), null, at('environment', index), index);
      else set(text.slice(0, eq).trim(), text.slice(eq + 1), at('environment', index), index);
    });
  } else if (isRecord(env)) {
    for (const key of Object.keys(env)) {
      const value = env[key];
      set(key, value === null || value === undefined ? null : (asString(value) ?? JSON.stringify(value)), at('environment', key));
    }
  }
}

function readEnvFiles(svc: ComposeService, envFile: unknown, at: (...p: YamlPath) => Pos): void {
  const items = typeof envFile === 'string' ? [envFile] : asArray(envFile);
  items.forEach((item, index) => {
    const pos = at('env_file', ...(typeof envFile === 'string' ? [] : [index]));
    if (typeof item === 'string') svc.envFiles.push({ path: item, required: true, pos });
    else if (isRecord(item) && asString(item.path)) {
      svc.envFiles.push({ path: asString(item.path)!, required: item.required !== false, pos });
    }
  });
}

export function readPorts(ports: unknown, pos: Pos, diagnostics: Diagnostic[]): ComposePort[] {
  const out: ComposePort[] = [];
  for (const entry of asArray(ports)) {
    if (isRecord(entry)) {
      const target = asInt(entry.target);
      if (target !== undefined) out.push({ target, published: asString(entry.published), protocol: asString(entry.protocol) });
      continue;
    }
    const text = asString(entry);
    if (!text) continue;
    const parsed = parsePortSpec(text);
    if (!parsed.length) diagnostics.push({ level: 'warning', code: 'compose-invalid-port', ...pos, message: `cannot read port "${text}"` });
    out.push(...parsed);
  }
  return out;
}

/** `[[ip:]published:]target[/protocol]`, with ranges such as `8000-8002:8000-8002`. */
export function parsePortSpec(spec: string): ComposePort[] {
  const [body = '', protocol] = spec.trim().split('/');
  const withoutIp = body.replace(/^\[[^\]]*\]:/, '');
  const parts = withoutIp.split(':');
  const targetPart = parts[parts.length - 1] ?? '';
  const publishedPart = parts.length >= 2 ? parts[parts.length - 2] : undefined;
  const targets = portRange(targetPart);
  const published = publishedPart ? portRange(publishedPart) : [];
  return targets.map((target, i) => ({
    target,
    published: published.length ? String(published[i] ?? published[0]) : undefined,
    protocol: protocol || undefined,
  }));
}

function portRange(text: string): number[] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!m) return [];
  const start = Number(m[1]);
  const end = m[2] ? Number(m[2]) : start;
  if (end < start || end - start > 100) return [start];
  return Array.from({ length: end - start + 1 }, (_, i) => start + i);
}

function readDependsOn(svc: ComposeService, deps: unknown, at: (...p: YamlPath) => Pos): void {
  if (Array.isArray(deps)) {
    deps.forEach((d, i) => {
      const name = asString(d);
      if (name) svc.dependsOn.set(name, at('depends_on', i));
    });
  } else if (isRecord(deps)) {
    for (const name of Object.keys(deps)) svc.dependsOn.set(name, at('depends_on', name));
  }
}

function readNetworks(svc: ComposeService, networks: unknown): void {
  if (Array.isArray(networks)) {
    for (const n of networks) {
      const name = asString(n);
      if (name) svc.networks.set(name, []);
    }
  } else if (isRecord(networks)) {
    for (const name of Object.keys(networks)) {
      const conf = networks[name];
      const aliases = isRecord(conf) ? asArray(conf.aliases).map((a) => asString(a)).filter((a): a is string => !!a) : [];
      svc.networks.set(name, aliases);
    }
  }
}

export function readLabels(target: Map<string, string>, labels: unknown): void {
  if (Array.isArray(labels)) {
    for (const l of labels) {
      const text = asString(l);
      if (!text) continue;
      const eq = text.indexOf('=');
      target.set(eq < 0 ? text : text.slice(0, eq), eq < 0 ? '' : text.slice(eq + 1));
    }
  } else if (isRecord(labels)) {
    for (const key of Object.keys(labels)) target.set(key, asString(labels[key]) ?? '');
  }
}

function readHealthcheck(svc: ComposeService, hc: unknown, pos: Pos): void {
  if (!isRecord(hc)) return;
  const test = Array.isArray(hc.test) ? hc.test.map((t) => asString(t) ?? '').join(' ') : asString(hc.test);
  const disabled = hc.disable === true || (Array.isArray(hc.test) && asString(hc.test[0]) === 'NONE');
  svc.healthcheck = { disabled, test, pos };
}

function readDeploy(svc: ComposeService, raw: Record<string, unknown>, at: (...p: YamlPath) => Pos): void {
  const deploy = isRecord(raw.deploy) ? raw.deploy : {};
  const replicas = asInt(deploy.replicas) ?? asInt(raw.scale);
  if (replicas !== undefined) svc.replicas = replicas;
  const resources = isRecord(deploy.resources) ? deploy.resources : {};
  const limits = isRecord(resources.limits) ? resources.limits : {};
  const reservations = isRecord(resources.reservations) ? resources.reservations : {};
  svc.limits = { cpu: asString(limits.cpus) ?? asString(raw.cpus), memory: asString(limits.memory) ?? asString(raw.mem_limit) };
  svc.requests = { cpu: asString(reservations.cpus), memory: asString(reservations.memory) ?? asString(raw.mem_reservation) };
  if (svc.limits.cpu || svc.limits.memory || svc.requests.cpu || svc.requests.memory) {
    svc.resourcesPos = deploy.resources ? at('deploy', 'resources') : at(raw.mem_limit !== undefined ? 'mem_limit' : 'cpus');
  }
}

function readVolume(entry: unknown): ComposeService['volumes'][number] {
  if (isRecord(entry)) {
    const type = asString(entry.type);
    return { type: type === 'bind' ? 'bind' : type === 'volume' ? 'volume' : 'other', source: asString(entry.source), target: asString(entry.target) };
  }
  const text = asString(entry) ?? '';
  const parts = text.split(':');
  if (parts.length === 1) return { type: 'volume', target: parts[0] };
  const source = parts[0] ?? '';
  const isBind = source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
  return { type: isBind ? 'bind' : 'volume', source, target: parts[1] };
}

/** Root-relative form of a path written in a compose file (relative to its project folder). */
export function composePath(baseDir: string, p: string): string {
  return path.posix.normalize(path.posix.join(baseDir, p)).replace(/\/$/, '') || '.';
}
