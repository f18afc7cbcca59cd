import path from 'node:path';
import type { K8sObject } from './kubernetes-objects.js';
import { kustomizationDir, kustomizationIn, loadKustomization, renderKustomization, type RenderState } from './kustomize-render.js';
import type { ReaderContext } from './reader-context.js';
import { asArray, asString, isRecord } from './yaml-source.js';

export interface KustomizeResult {
  objects: K8sObject[];
  /** Kustomizations rendered (the roots). */
  files: string[];
  /** Files any kustomization owns; the plain YAML reader leaves them alone. */
  claimed: Set<string>;
}

const PREFERRED = /(^|\/)(prod|production|live|prd)(\/|$)/i;

/**
 * Renders the repository's kustomizations. Roots are kustomizations no other one includes;
 * overlays of one base are alternatives (dev, staging, prod), so only one of them is
 * rendered: the ones named in archreview.yaml, else the production one, else the first.
 */
export function readKustomize(ctx: ReaderContext): KustomizeResult {
  const all = ctx.files.filter((f) => f.category === 'kustomization').map((f) => f.path);
  const claimed = new Set<string>();
  if (!all.length) return { objects: [], files: [], claimed };

  const includes = new Map<string, string[]>();
  for (const file of all) {
    const doc = loadKustomization(ctx, file);
    const dir = kustomizationDir(file);
    const children: string[] = [];
    if (doc && isRecord(doc.value)) {
      for (const field of ['resources', 'bases', 'components']) {
        for (const entry of asArray(doc.value[field])) {
          const rel = asString(entry);
          if (!rel) continue;
          const target = path.posix.normalize(path.posix.join(dir, rel)).replace(/\/$/, '');
          const nested = kustomizationIn(ctx, target === '.' ? '' : target);
          if (nested) children.push(nested);
        }
      }
    }
    includes.set(file, children);
  }
  const included = new Set([...includes.values()].flat());
  const roots = all.filter((f) => !included.has(f));
  const chosen = chooseRoots(ctx, roots, includes);

  const objects: K8sObject[] = [];
  for (const root of chosen) {
    const state: RenderState = { ctx, claimed, stack: [] };
    objects.push(...renderKustomization(root, state));
  }
  // Files of overlays not chosen are still kustomize's, not plain manifests.
  for (const root of roots) if (!chosen.includes(root)) markTree(root, claimed, ctx);
  return { objects, files: chosen, claimed };
}

function descendants(root: string, includes: Map<string, string[]>, seen = new Set<string>()): Set<string> {
  for (const child of includes.get(root) ?? []) {
    if (seen.has(child)) continue;
    seen.add(child);
    descendants(child, includes, seen);
  }
  return seen;
}

function chooseRoots(ctx: ReaderContext, roots: string[], includes: Map<string, string[]>): string[] {
  const wanted = ctx.config.kustomize.overlays;
  if (wanted?.length) {
    const chosen: string[] = [];
    for (const dir of wanted) {
      const file = kustomizationIn(ctx, dir.replace(/\/$/, ''));
      if (file) chosen.push(file);
      else ctx.diagnostics.push({ level: 'warning', code: 'config-unmatched', message: `archreview.yaml: kustomize.overlays entry "${dir}" has no kustomization` });
    }
    return chosen;
  }
  // Group roots that share a base: they are alternative overlays of one application.
  const groups: string[][] = [];
  for (const root of [...roots].sort()) {
    const mine = descendants(root, includes);
    const group = groups.find((g) => g.some((other) => [...descendants(other, includes)].some((d) => mine.has(d))));
    if (group) group.push(root);
    else groups.push([root]);
  }
  const chosen: string[] = [];
  for (const group of groups) {
    const pick = group.find((r) => PREFERRED.test(r)) ?? group[0]!;
    chosen.push(pick);
    if (group.length > 1) {
      ctx.diagnostics.push({
        level: 'info',
        code: 'kustomize-overlay-chosen',
        file: pick,
        message: `rendered this overlay; alternatives not rendered: ${group.filter((r) => r !== pick).join(', ')} (set kustomize.overlays in archreview.yaml to choose)`,
      });
    }
  }
  return chosen;
}

function markTree(root: string, claimed: Set<string>, ctx: ReaderContext): void {
  const state: RenderState = { ctx: { ...ctx, diagnostics: [] }, claimed, stack: [] };
  renderKustomization(root, state);
}
