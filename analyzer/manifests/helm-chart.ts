import path from 'node:path';
import type { FileRef } from '../discover/index.js';
import type { ReaderContext } from './reader-context.js';
import { asArray, asString, isRecord, parseYamlDocuments } from './yaml-source.js';

/** A chart folder as the renderer needs it. Paths are root-relative. */
export interface HelmChart {
  /** Chart folder; '' when the analyzed root is the chart. */
  root: string;
  chartFile: string;
  valuesFile: string | undefined;
  name: string;
  version: string;
  appVersion: string | undefined;
  type: string | undefined;
  /** Chart.yaml with Helm's field names (`.Chart.Name`, `.Chart.AppVersion`, ...). */
  meta: Record<string, unknown>;
  values: Record<string, unknown>;
  /** `define` names of the chart's `_*.tpl` helper files. */
  defined: Set<string>;
  /** Template files rendered as manifests, sorted. */
  templates: string[];
  /** Dependencies and vendored subcharts, which are not rendered. */
  subcharts: string[];
}

const RENDERED = /\.(ya?ml|json|tpl)$/i;
const DEFINE = /\{\{-?\s*define\s+"([^"\n]+)"/g;

/** Folders holding a Chart.yaml, sorted. */
export function chartRoots(files: readonly FileRef[]): string[] {
  return files
    .filter((f) => f.category === 'helm-chart')
    .map((f) => (path.posix.dirname(f.path) === '.' ? '' : path.posix.dirname(f.path)))
    .sort();
}

export function insideChart(file: string, root: string): boolean {
  return root === '' || file.startsWith(`${root}/`);
}

function prefix(root: string): string {
  return root ? `${root}/` : '';
}

/** A chart vendored in another chart's `charts/` folder. */
export function isSubchart(root: string, roots: readonly string[]): boolean {
  return roots.some((other) => other !== root && insideChart(root, other) && root.startsWith(`${prefix(other)}charts/`));
}

/** Helm's names for Chart.yaml fields: apiVersion → APIVersion, appVersion → AppVersion. */
function chartMeta(doc: Record<string, unknown>): Record<string, unknown> {
  const meta: Record<string, unknown> = {};
  for (const key of Object.keys(doc)) {
    const name = key === 'apiVersion' ? 'APIVersion' : key === 'kubeVersion' ? 'KubeVersion' : key.charAt(0).toUpperCase() + key.slice(1);
    Object.defineProperty(meta, name, { value: doc[key], enumerable: true, writable: true, configurable: true });
  }
  return meta;
}

function readYamlMap(ctx: ReaderContext, file: string): Record<string, unknown> {
  const text = ctx.read(file);
  if (text === null) return {};
  const first = parseYamlDocuments(text, file, ctx.diagnostics, ctx.config.limits)[0]?.value;
  return isRecord(first) ? first : {};
}

/** Reads Chart.yaml, values.yaml and the helper names of one chart folder. */
export function loadChart(ctx: ReaderContext, root: string, roots: readonly string[]): HelmChart {
  const own = ctx.files.filter((f) => insideChart(f.path, root) && !roots.some((r) => r !== root && r.length > root.length && insideChart(f.path, r)));
  const at = (name: string): string | undefined => own.find((f) => f.path === prefix(root) + name)?.path;
  const chartFile = at('Chart.yaml') ?? at('Chart.yml') ?? `${prefix(root)}Chart.yaml`;
  const doc = readYamlMap(ctx, chartFile);
  let name = asString(doc.name);
  if (!name) {
    name = path.posix.basename(root) || 'chart';
    ctx.diagnostics.push({ level: 'warning', code: 'helm-chart-invalid', file: chartFile, message: `Chart.yaml has no name; using "${name}"` });
  }
  const valuesFile = at('values.yaml') ?? at('values.yml');
  const templatesDir = `${prefix(root)}templates/`;
  const inTemplates = own.filter((f) => f.path.startsWith(templatesDir));
  const defined = new Set<string>();
  for (const helper of inTemplates.filter((f) => path.posix.basename(f.path).startsWith('_'))) {
    for (const m of (ctx.read(helper.path) ?? '').matchAll(DEFINE)) if (m[1]) defined.add(m[1]);
  }
  const templates = inTemplates
    .map((f) => f.path)
    .filter((p) => RENDERED.test(p) && !path.posix.basename(p).startsWith('_'))
    .sort();

  const subcharts = new Set<string>();
  for (const dep of asArray(doc.dependencies)) if (isRecord(dep) && asString(dep.name)) subcharts.add(asString(dep.name) ?? '');
  const chartsDir = `${prefix(root)}charts/`;
  for (const r of roots) if (r.startsWith(chartsDir) && !r.slice(chartsDir.length).includes('/')) subcharts.add(r.slice(chartsDir.length));
  for (const f of own) {
    const rest = f.path.startsWith(chartsDir) ? f.path.slice(chartsDir.length) : '';
    if (rest.endsWith('.tgz') && !rest.includes('/') && ![...subcharts].some((s) => rest.startsWith(`${s}-`))) subcharts.add(rest);
  }

  return {
    root,
    chartFile,
    valuesFile,
    name,
    version: asString(doc.version) ?? '0.0.0',
    appVersion: asString(doc.appVersion),
    type: asString(doc.type),
    meta: chartMeta({ ...doc, name }),
    values: valuesFile ? readYamlMap(ctx, valuesFile) : {},
    defined,
    templates,
    subcharts: [...subcharts].sort(),
  };
}
