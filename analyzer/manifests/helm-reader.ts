import type { Diagnostic } from '../types/index.js';
import { chartRoots, insideChart, isSubchart, loadChart, type HelmChart } from './helm-chart.js';
import type { EvalEnv } from './helm-eval.js';
import { renderKnownHelper, type HelperContext } from './helm-helpers.js';
import { DEFAULT_RENDER_LIMITS, renderTemplate, type RenderLimits, type RenderResult } from './helm-render.js';
import { UNKNOWN } from './helm-values.js';
import { objectName, objectsFromYaml, type K8sObject } from './kubernetes-objects.js';
import type { ReaderContext } from './reader-context.js';
import { asString, isRecord } from './yaml-source.js';

export interface HelmResult {
  objects: K8sObject[];
  /** Chart files that contributed objects: Chart.yaml, values.yaml, templates. Sorted. */
  files: string[];
  /** Every file inside a chart folder; the plain YAML reader leaves them alone. */
  claimed: Set<string>;
}

const RELEASE_NAMESPACE = 'default';
const MAX_LISTED = 10;

/**
 * Reads the repository's Helm charts (folders with a Chart.yaml) best-effort: renders each
 * template with values.yaml, the chart name as release name and namespace "default", and
 * parses the output into Kubernetes objects whose lines point into the templates. What could
 * not be rendered is said in one diagnostic per template. Never runs `helm`; never throws.
 */
export function readHelmCharts(ctx: ReaderContext, limits: RenderLimits = renderLimits(ctx)): HelmResult {
  const roots = chartRoots(ctx.files);
  const claimed = new Set(ctx.files.filter((f) => roots.some((r) => insideChart(f.path, r))).map((f) => f.path));
  const objects: K8sObject[] = [];
  const files: string[] = [];
  for (const root of roots) {
    if (isSubchart(root, roots)) continue;
    try {
      const chart = loadChart(ctx, root, roots);
      const found = readChart(ctx, chart, limits);
      objects.push(...found.objects);
      files.push(...found.files);
    } catch (error) {
      const file = `${root ? `${root}/` : ''}Chart.yaml`;
      ctx.diagnostics.push({ level: 'error', code: 'helm-internal', file, message: `chart not read: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return { objects, files: [...new Set(files)].sort(), claimed };
}

function readChart(ctx: ReaderContext, chart: HelmChart, limits: RenderLimits): { objects: K8sObject[]; files: string[] } {
  if (chart.type === 'library') {
    ctx.diagnostics.push({ level: 'info', code: 'helm-library-chart', file: chart.chartFile, message: `library chart "${chart.name}" has no manifests of its own; not rendered` });
    return { objects: [], files: [] };
  }
  if (chart.subcharts.length) {
    ctx.diagnostics.push({ level: 'info', code: 'helm-subchart', file: chart.chartFile, message: `subcharts and dependencies not rendered: ${chart.subcharts.join(', ')}` });
  }
  const helpers: HelperContext = {
    chartName: chart.name,
    chartVersion: chart.version,
    appVersion: chart.appVersion,
    values: chart.values,
    release: chart.name,
    defined: chart.defined,
    usedRelease: false,
  };
  const objects: K8sObject[] = [];
  const files: string[] = [];
  const hooks: string[] = [];
  let hookFile: string | undefined;
  for (const template of chart.templates) {
    const source = ctx.read(template);
    if (source === null) continue;
    const rendered = renderTemplate(source, templateEnv(chart, template, helpers), limits);
    const local: Diagnostic[] = [];
    const mapLine = (line: number | undefined): number | undefined => (line === undefined ? undefined : (rendered.lines[line - 1] ?? line));
    const found = objectsFromYaml(rendered.text, template, 'helm', local, ctx.config.limits).map(
      (obj): K8sObject => ({ value: obj.value, file: obj.file, library: 'helm', lineAt: (p) => mapLine(obj.lineAt(p)) }),
    );
    const unrendered = unrenderedDiagnostic(template, rendered, limits);
    if (unrendered) ctx.diagnostics.push(unrendered);
    for (const d of local) {
      const line = mapLine(d.line);
      if (d.code === 'yaml-parse') ctx.diagnostics.push({ level: 'warning', code: 'helm-unrendered', file: template, line, message: `rendered template is not valid YAML: ${d.message.replace(/^invalid YAML: /, '')}` });
      else ctx.diagnostics.push({ ...d, line });
    }
    const kept = found.filter((obj) => {
      if (!isTestHook(obj)) return true;
      hooks.push(`${objectName(obj) ?? '?'} (${String(obj.value.kind)})`);
      hookFile ??= template;
      return false;
    });
    if (kept.length) files.push(template);
    objects.push(...kept);
  }
  if (hooks.length) ctx.diagnostics.push({ level: 'info', code: 'helm-test-hook', file: hookFile, message: `Helm test hooks not read: ${hooks.join(', ')}` });
  if (helpers.usedRelease) {
    ctx.diagnostics.push({
      level: 'info',
      code: 'helm-release-name',
      file: chart.chartFile,
      message: `rendered as release "${chart.name}" (the chart name) in namespace "${RELEASE_NAMESPACE}"; names built from the release name may differ once installed`,
    });
  }
  if (files.length) files.push(chart.chartFile, ...(chart.valuesFile ? [chart.valuesFile] : []));
  return { objects, files };
}

/** The top-level context of one template; reading `.Release.Name` is noted. */
function templateEnv(chart: HelmChart, template: string, helpers: HelperContext): EvalEnv {
  const release: Record<string, unknown> = { Namespace: RELEASE_NAMESPACE, Service: 'Helm', IsInstall: true, IsUpgrade: false, Revision: 1 };
  Object.defineProperty(release, 'Name', {
    enumerable: true,
    get: () => {
      helpers.usedRelease = true;
      return chart.name;
    },
  });
  const inChart = chart.root ? template.slice(chart.root.length + 1) : template;
  return {
    root: {
      Values: chart.values,
      Chart: chart.meta,
      Release: release,
      Template: { Name: `${chart.name}/${inChart}`, BasePath: `${chart.name}/templates` },
      Capabilities: UNKNOWN,
      Files: UNKNOWN,
      Subcharts: UNKNOWN,
    },
    include: (name) => renderKnownHelper(name, helpers),
  };
}

/** The render bounds of `limits` in archreview.yaml. */
function renderLimits(ctx: ReaderContext): RenderLimits {
  return {
    maxOutput: ctx.config.limits?.maxTemplateOutputBytes ?? DEFAULT_RENDER_LIMITS.maxOutput,
    maxIterations: ctx.config.limits?.maxTemplateIterations ?? DEFAULT_RENDER_LIMITS.maxIterations,
  };
}

function isTestHook(obj: K8sObject): boolean {
  const meta = isRecord(obj.value.metadata) ? obj.value.metadata : {};
  const hook = isRecord(meta.annotations) ? asString(meta.annotations['helm.sh/hook']) : undefined;
  return hook !== undefined && hook.split(',').some((h) => h.trim().startsWith('test'));
}

function sizeLabel(chars: number): string {
  return chars >= 1024 * 1024 ? `${Math.round(chars / 1024 / 1024)} MB` : `${chars} characters`;
}

function unrenderedDiagnostic(file: string, rendered: RenderResult, limits: RenderLimits): Diagnostic | undefined {
  const list = rendered.unrendered;
  if (!list.length && !rendered.truncated) return undefined;
  const parts: string[] = [];
  if (list.length) {
    const shown = list.slice(0, MAX_LISTED).map((u) => u.expression);
    if (list.length > MAX_LISTED) shown.push(`and ${list.length - MAX_LISTED} more`);
    parts.push(`could not render: ${shown.join(', ')}`);
  }
  if (rendered.keptBranch) parts.push('if/with blocks whose condition could not be evaluated were rendered as true');
  if (rendered.skippedRange) parts.push('ranges over what could not be evaluated were skipped');
  if (rendered.truncated) parts.push(`rendered output larger than ${sizeLabel(limits.maxOutput)} (limits.maxTemplateOutputBytes); the rest of the template was not read`);
  return { level: 'warning', code: 'helm-unrendered', file, line: list[0]?.line ?? rendered.stoppedAt, message: parts.join('; ') };
}
