import { isRecord } from './yaml-source.js';

/** Lists merged by the `name` of their items (containers, env, ports, volumes), as strategic merge does. */
const MERGE_BY_NAME = new Set(['containers', 'initContainers', 'env', 'ports', 'volumes', 'volumeMounts', 'envFrom']);

/**
 * Strategic merge patch, the subset kustomize overlays use: maps merge recursively, lists
 * of named items merge by name (a `$patch: delete` item removes), other lists are replaced,
 * `null` deletes a key.
 */
export function strategicMerge(target: unknown, patch: unknown, key?: string): unknown {
  if (patch === null) return undefined;
  if (isRecord(target) && isRecord(patch)) {
    if (patch.$patch === 'replace') {
      const { $patch: _, ...rest } = patch;
      return rest;
    }
    const out: Record<string, unknown> = { ...target };
    for (const [k, v] of Object.entries(patch)) {
      if (k === '$patch') continue;
      const merged = strategicMerge(target[k], v, k);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
    return out;
  }
  if (Array.isArray(target) && Array.isArray(patch) && key && MERGE_BY_NAME.has(key)) {
    const itemKey = (item: unknown): string | undefined => {
      if (!isRecord(item)) return undefined;
      if (typeof item.name === 'string') return item.name;
      if (typeof item.containerPort === 'number') return String(item.containerPort);
      if (typeof item.mountPath === 'string') return item.mountPath;
      return undefined;
    };
    const out = [...target];
    for (const item of patch) {
      const k = itemKey(item);
      const index = k === undefined ? -1 : out.findIndex((t) => itemKey(t) === k);
      if (isRecord(item) && item.$patch === 'delete') {
        if (index >= 0) out.splice(index, 1);
      } else if (index >= 0) out[index] = strategicMerge(out[index], item);
      else out.push(item);
    }
    return out;
  }
  return patch;
}

/** RFC 6902 operations on a plain object: add, replace, remove (what overlays use). */
export function applyJsonPatch(target: Record<string, unknown>, ops: unknown[]): { value: Record<string, unknown>; failed: string[] } {
  let value: Record<string, unknown> = structuredClone(target);
  const failed: string[] = [];
  for (const op of ops) {
    if (!isRecord(op) || typeof op.op !== 'string' || typeof op.path !== 'string') continue;
    const parts = op.path.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = parts.pop();
    let parent: unknown = value;
    for (const p of parts) parent = Array.isArray(parent) ? parent[Number(p)] : isRecord(parent) ? parent[p] : undefined;
    if (last === undefined || (parent === undefined && parts.length)) {
      failed.push(`${op.op} ${op.path}`);
      continue;
    }
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (op.op === 'add') parent.splice(index, 0, op.value);
      else if (op.op === 'replace') parent[index] = op.value;
      else if (op.op === 'remove') parent.splice(index, 1);
      else failed.push(`${op.op} ${op.path}`);
    } else if (isRecord(parent)) {
      if (op.op === 'add' || op.op === 'replace') parent[last] = op.value;
      else if (op.op === 'remove') delete parent[last];
      else failed.push(`${op.op} ${op.path}`);
    } else failed.push(`${op.op} ${op.path}`);
    value = value as Record<string, unknown>;
  }
  return { value, failed };
}
