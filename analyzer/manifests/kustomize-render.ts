import path from 'node:path';
import { parseEnvFile } from './env-file.js';
import { DEFAULT_MAX_EXPANSION, ExpansionBudget, expansionDiagnostic } from './interpolate.js';
import { applyJsonPatch, strategicMerge } from './kustomize-patch.js';
import { isK8sObject, objectsFromYaml, type K8sObject } from './kubernetes-objects.js';
import type { ReaderContext } from './reader-context.js';
import { asArray, asString, isRecord, parseYamlDocuments, type YamlDoc } from './yaml-source.js';

const MAX_DEPTH = 30;

export interface RenderState {
  ctx: ReaderContext;
  /** Every file a rendering read (they are not read again as plain manifests). */
  claimed: Set<string>;
  stack: string[];
}

/** Folder of a kustomization file, root-relative ('' for the root). */
export function kustomizationDir(file: string): string {
  const dir = path.posix.dirname(file);
  return dir === '.' ? '' : dir;
}

function join(dir: string, rel: string): string {
  return path.posix.normalize(path.posix.join(dir, rel)).replace(/\/$/, '');
}

/** Reads a file a kustomization names; one that leaves the analyzed folder is reported on the kustomization and not read. */
function readNamed(state: RenderState, target: string, what: string, file: string, line: number | undefined): string | null {
  if (target === '..' || target.startsWith('../')) {
    state.ctx.diagnostics.push({ level: 'warning', code: 'path-outside-root', file, line, message: `${what} is outside the analyzed folder; not read` });
    return null;
  }
  return state.ctx.read(target);
}

/** The kustomization file of a folder, if it has one. */
export function kustomizationIn(ctx: ReaderContext, dir: string): string | null {
  for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) {
    const file = dir ? `${dir}/${name}` : name;
    if (ctx.exists(file)) return file;
  }
  return null;
}

export function loadKustomization(ctx: ReaderContext, file: string): YamlDoc | null {
  const text = ctx.read(file);
  if (text === null) return null;
  const doc = parseYamlDocuments(text, file, ctx.diagnostics, ctx.config.limits)[0];
  return doc && isRecord(doc.value) ? doc : null;
}

/** Renders one kustomization: its resources and components, generators, patches, names and labels. */
export function renderKustomization(file: string, state: RenderState): K8sObject[] {
  const { ctx } = state;
  if (state.stack.includes(file) || state.stack.length > MAX_DEPTH) {
    ctx.diagnostics.push({ level: 'warning', code: 'kustomize-cycle', file, message: `kustomization is included in a cycle: ${[...state.stack, file].join(' → ')}` });
    return [];
  }
  state.claimed.add(file);
  const doc = loadKustomization(ctx, file);
  if (!doc) return [];
  const k = doc.value as Record<string, unknown>;
  const dir = kustomizationDir(file);
  state.stack.push(file);
  let objects: K8sObject[] = [];
  const include = (entry: unknown, field: string, index: number): void => {
    const rel = asString(entry);
    if (!rel) return;
    const line = doc.lineAt([field, index]);
    if (/^(https?:|git@|github\.com\/|ssh:)/.test(rel) || rel.includes('?ref=')) {
      ctx.diagnostics.push({ level: 'info', code: 'kustomize-remote', file, line, message: `remote resource ${rel} is not fetched` });
      return;
    }
    const target = join(dir, rel);
    if (target.startsWith('..')) {
      ctx.diagnostics.push({ level: 'warning', code: 'path-outside-root', file, line, message: `resource ${rel} is outside the analyzed folder` });
      return;
    }
    const nested = kustomizationIn(ctx, target);
    if (nested) {
      objects.push(...renderKustomization(nested, state));
      return;
    }
    const text = ctx.read(target, { quiet: true });
    if (text === null) {
      ctx.diagnostics.push({ level: 'warning', code: 'missing-file', file, line, message: `resource ${rel} not found` });
      return;
    }
    state.claimed.add(target);
    objects.push(...objectsFromYaml(text, target, 'kustomize', ctx.diagnostics, ctx.config.limits));
  };
  for (const field of ['resources', 'bases', 'components']) asArray(k[field]).forEach((entry, i) => include(entry, field, i));
  objects.push(...generators(k, doc, file, dir, state));
  objects = applyPatches(objects, k, doc, file, dir, state);
  objects = transform(objects, k);
  state.stack.pop();
  return objects.map((o) => ({ ...o, library: 'kustomize' as const }));
}

function generators(k: Record<string, unknown>, doc: YamlDoc, file: string, dir: string, state: RenderState): K8sObject[] {
  const out: K8sObject[] = [];
  asArray(k.configMapGenerator).forEach((gen, index) => {
    if (!isRecord(gen) || !asString(gen.name)) return;
    const data: Record<string, string> = {};
    for (const literal of asArray(gen.literals)) {
      const text = asString(literal) ?? '';
      const eq = text.indexOf('=');
      if (eq > 0) data[text.slice(0, eq)] = text.slice(eq + 1);
    }
    const genLine = doc.lineAt(['configMapGenerator', index]);
    for (const envFile of [...asArray(gen.envs), ...(gen.env ? [gen.env] : [])]) {
      const rel = asString(envFile);
      if (!rel) continue;
      const target = join(dir, rel);
      state.claimed.add(target);
      const text = readNamed(state, target, `env file ${rel}`, file, genLine);
      if (text !== null) {
        const limit = state.ctx.config.limits?.maxExpansionBytes ?? DEFAULT_MAX_EXPANSION;
        const budget = new ExpansionBudget(limit, () => state.ctx.diagnostics.push(expansionDiagnostic(target, limit)));
        for (const e of parseEnvFile(text, undefined, budget)) data[e.name] = e.value;
      }
    }
    for (const entry of asArray(gen.files)) {
      const spec = asString(entry) ?? '';
      const [key, rel] = spec.includes('=') ? spec.split('=') : [path.posix.basename(spec), spec];
      const target = join(dir, rel ?? '');
      state.claimed.add(target);
      const text = readNamed(state, target, `file ${rel ?? ''}`, file, genLine);
      if (text !== null && key) data[key] = text;
    }
    const line = doc.lineAt(['configMapGenerator', index]);
    const value = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: asString(gen.name), ...(asString(gen.namespace) ? { namespace: asString(gen.namespace) } : {}) }, data };
    out.push({ value, file, library: 'kustomize', lineAt: () => line });
  });
  asArray(k.secretGenerator).forEach((gen, index) => {
    if (!isRecord(gen) || !asString(gen.name)) return;
    const keys: Record<string, string> = {};
    for (const literal of asArray(gen.literals)) {
      const text = asString(literal) ?? '';
      if (text.indexOf('=') > 0) keys[text.slice(0, text.indexOf('='))] = '';
    }
    const line = doc.lineAt(['secretGenerator', index]);
    out.push({ value: { apiVersion: 'v1', kind: 'Secret', metadata: { name: asString(gen.name) }, data: keys }, file, library: 'kustomize', lineAt: () => line });
  });
  return out;
}

function applyPatches(objects: K8sObject[], k: Record<string, unknown>, doc: YamlDoc, file: string, dir: string, state: RenderState): K8sObject[] {
  const { ctx } = state;
  const patches: { patch: unknown; target?: Record<string, unknown>; line?: number }[] = [];
  const loadPatch = (rel: string, line: number | undefined): unknown[] => {
    const target = join(dir, rel);
    state.claimed.add(target);
    const text = readNamed(state, target, `patch ${rel}`, file, line);
    return text === null ? [] : parseYamlDocuments(text, target, ctx.diagnostics, ctx.config.limits).map((d) => d.value);
  };
  asArray(k.patchesStrategicMerge).forEach((p, i) => {
    const line = doc.lineAt(['patchesStrategicMerge', i]);
    const text = asString(p) ?? '';
    if (text.includes('\n') || text.trim().startsWith('apiVersion')) {
      for (const d of parseYamlDocuments(text, file, ctx.diagnostics, ctx.config.limits)) patches.push({ patch: d.value, line });
    } else for (const value of loadPatch(text, line)) patches.push({ patch: value, line });
  });
  for (const field of ['patches', 'patchesJson6902']) {
    asArray(k[field]).forEach((p, i) => {
      const line = doc.lineAt([field, i]);
      if (!isRecord(p)) return;
      const target = isRecord(p.target) ? p.target : undefined;
      const inline = asString(p.patch);
      const values = inline !== undefined ? parseYamlDocuments(inline, file, ctx.diagnostics, ctx.config.limits).map((d) => d.value) : asString(p.path) ? loadPatch(asString(p.path)!, line) : [];
      for (const value of values) patches.push({ patch: value, target, line });
    });
  }
  let result = objects;
  for (const { patch, target, line } of patches) {
    let matched = false;
    result = result.map((obj) => {
      if (Array.isArray(patch)) {
        if (!target || !matchesTarget(obj, target)) return obj;
        matched = true;
        const { value, failed } = applyJsonPatch(obj.value, patch);
        if (failed.length) ctx.diagnostics.push({ level: 'info', code: 'kustomize-patch', file, line, message: `could not apply: ${failed.join(', ')}` });
        return { ...obj, value };
      }
      if (!isK8sObject(patch) && !target) return obj;
      const selector = target ?? { kind: (patch as Record<string, unknown>).kind, name: metaName(patch) };
      if (!matchesTarget(obj, selector)) return obj;
      matched = true;
      const merged = strategicMerge(obj.value, stripIdentity(patch, !!target));
      return { ...obj, value: isRecord(merged) ? merged : obj.value };
    });
    if (!matched) ctx.diagnostics.push({ level: 'info', code: 'kustomize-patch', file, line, message: 'patch matches no resource' });
  }
  return result;
}

function metaName(value: unknown): string | undefined {
  return isRecord(value) && isRecord(value.metadata) ? asString(value.metadata.name) : undefined;
}

function stripIdentity(patch: unknown, keepAll: boolean): unknown {
  if (keepAll || !isRecord(patch)) return patch;
  const { apiVersion: _a, kind: _k, ...rest } = patch;
  return rest;
}

function matchesTarget(obj: K8sObject, target: Record<string, unknown>): boolean {
  const kind = asString(target.kind);
  const name = asString(target.name);
  if (kind && obj.value.kind !== kind) return false;
  if (name && !new RegExp(`^${name.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(metaName(obj.value) ?? '')) return false;
  return true;
}

/** namespace, namePrefix/nameSuffix (with the references kustomize rewrites), labels and images. */
function transform(objects: K8sObject[], k: Record<string, unknown>): K8sObject[] {
  const prefix = asString(k.namePrefix) ?? '';
  const suffix = asString(k.nameSuffix) ?? '';
  const namespace = asString(k.namespace);
  const labels: Record<string, string> = {};
  if (isRecord(k.commonLabels)) for (const [key, v] of Object.entries(k.commonLabels)) labels[key] = asString(v) ?? '';
  for (const entry of asArray(k.labels)) if (isRecord(entry) && isRecord(entry.pairs)) for (const [key, v] of Object.entries(entry.pairs)) labels[key] = asString(v) ?? '';
  const images = asArray(k.images).filter(isRecord);
  if (!prefix && !suffix && !namespace && !Object.keys(labels).length && !images.length) return objects;
  const renamed = new Set(objects.map((o) => `${o.value.kind}/${metaName(o.value)}`));
  const rename = (kind: string, name: unknown): unknown => (typeof name === 'string' && renamed.has(`${kind}/${name}`) ? `${prefix}${name}${suffix}` : name);
  return objects.map((obj) => {
    const value = structuredClone(obj.value);
    const meta = isRecord(value.metadata) ? value.metadata : (value.metadata = {});
    const kind = String(value.kind);
    if (prefix || suffix) meta.name = rename(kind, meta.name);
    if (namespace && kind !== 'Namespace') meta.namespace = namespace;
    if (Object.keys(labels).length) meta.labels = { ...(isRecord(meta.labels) ? meta.labels : {}), ...labels };
    walkReferences(value, (ref, refKind) => rename(refKind, ref) as string, labels, images);
    return { ...obj, value };
  });
}

/** Rewrites what kustomize rewrites: ConfigMap/Secret references, HPA targets, Ingress backends, selectors, images. */
function walkReferences(value: Record<string, unknown>, rename: (name: string, kind: string) => string, labels: Record<string, string>, images: Record<string, unknown>[]): void {
  const spec = isRecord(value.spec) ? value.spec : undefined;
  if (!spec) return;
  if (value.kind === 'HorizontalPodAutoscaler' && isRecord(spec.scaleTargetRef) && typeof spec.scaleTargetRef.name === 'string') {
    spec.scaleTargetRef.name = rename(spec.scaleTargetRef.name, asString(spec.scaleTargetRef.kind) ?? 'Deployment');
  }
  if (value.kind === 'Service' && Object.keys(labels).length) spec.selector = { ...(isRecord(spec.selector) ? spec.selector : {}), ...labels };
  if (value.kind === 'Ingress') {
    const fix = (backend: unknown): void => {
      if (!isRecord(backend)) return;
      if (isRecord(backend.service) && typeof backend.service.name === 'string') backend.service.name = rename(backend.service.name, 'Service');
      if (typeof backend.serviceName === 'string') backend.serviceName = rename(backend.serviceName, 'Service');
    };
    fix(spec.defaultBackend);
    for (const rule of asArray(spec.rules)) if (isRecord(rule) && isRecord(rule.http)) for (const p of asArray(rule.http.paths)) if (isRecord(p)) fix(p.backend);
  }
  const template = isRecord(spec.template) ? spec.template : isRecord(spec.jobTemplate) && isRecord(spec.jobTemplate.spec) && isRecord(spec.jobTemplate.spec.template) ? spec.jobTemplate.spec.template : undefined;
  if (!template) return;
  if (Object.keys(labels).length) {
    const tmeta = isRecord(template.metadata) ? template.metadata : (template.metadata = {});
    tmeta.labels = { ...(isRecord(tmeta.labels) ? tmeta.labels : {}), ...labels };
    if (isRecord(spec.selector) && isRecord(spec.selector.matchLabels)) spec.selector.matchLabels = { ...spec.selector.matchLabels, ...labels };
  }
  const pod = isRecord(template.spec) ? template.spec : {};
  for (const c of [...asArray(pod.containers), ...asArray(pod.initContainers)]) {
    if (!isRecord(c)) continue;
    for (const img of images) {
      const name = asString(img.name);
      const current = asString(c.image);
      if (!name || !current || (current !== name && !current.startsWith(`${name}:`) && !current.startsWith(`${name}@`))) continue;
      const tag = asString(img.newTag) ?? (current.includes(':') ? current.slice(current.lastIndexOf(':') + 1) : undefined);
      c.image = `${asString(img.newName) ?? name}${asString(img.digest) ? `@${asString(img.digest)}` : tag ? `:${tag}` : ''}`;
    }
    for (const from of asArray(c.envFrom)) {
      if (!isRecord(from)) continue;
      if (isRecord(from.configMapRef) && typeof from.configMapRef.name === 'string') from.configMapRef.name = rename(from.configMapRef.name, 'ConfigMap');
      if (isRecord(from.secretRef) && typeof from.secretRef.name === 'string') from.secretRef.name = rename(from.secretRef.name, 'Secret');
    }
    for (const e of asArray(c.env)) {
      if (!isRecord(e) || !isRecord(e.valueFrom)) continue;
      const cm = e.valueFrom.configMapKeyRef;
      if (isRecord(cm) && typeof cm.name === 'string') cm.name = rename(cm.name, 'ConfigMap');
      const secret = e.valueFrom.secretKeyRef;
      if (isRecord(secret) && typeof secret.name === 'string') secret.name = rename(secret.name, 'Secret');
    }
  }
}
