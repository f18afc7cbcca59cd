import { goQuote, isEmpty, toText } from './helm-values.js';
import { isRecord } from './yaml-source.js';

/** What the `helm create` helpers read: the chart's metadata, its values and the assumed release. */
export interface HelperContext {
  chartName: string;
  chartVersion: string;
  appVersion: string | undefined;
  values: Record<string, unknown>;
  release: string;
  /** Names of the `define`s in the chart's `_*.tpl` files. */
  defined: ReadonlySet<string>;
  /** Set when a helper used the release name, so the reader can say it assumed one. */
  usedRelease: boolean;
}

const KNOWN = ['fullname', 'name', 'chart', 'labels', 'selectorLabels', 'serviceAccountName'] as const;
type Known = (typeof KNOWN)[number];

/** `trunc 63 | trimSuffix "-"`, as the helpers end every name. */
function dnsName(text: string): string {
  const cut = text.slice(0, 63);
  return cut.endsWith('-') ? cut.slice(0, -1) : cut;
}

function value(values: Record<string, unknown>, ...path: string[]): unknown {
  let cur: unknown = values;
  for (const key of path) cur = isRecord(cur) && Object.hasOwn(cur, key) ? cur[key] : undefined;
  return cur;
}

function helperName(c: HelperContext): string {
  const override = value(c.values, 'nameOverride');
  return dnsName(isEmpty(override) ? c.chartName : toText(override));
}

function fullname(c: HelperContext): string {
  const override = value(c.values, 'fullnameOverride');
  if (!isEmpty(override)) return dnsName(toText(override));
  c.usedRelease = true;
  const override2 = value(c.values, 'nameOverride');
  const name = isEmpty(override2) ? c.chartName : toText(override2);
  return dnsName(c.release.includes(name) ? c.release : `${c.release}-${name}`);
}

function selectorLabels(c: HelperContext): string {
  c.usedRelease = true;
  return `app.kubernetes.io/name: ${helperName(c)}\napp.kubernetes.io/instance: ${c.release}`;
}

function chartLabel(c: HelperContext): string {
  return dnsName(`${c.chartName}-${c.chartVersion}`.replace(/\+/g, '_'));
}

const HELPERS: Record<Known, (c: HelperContext) => string> = {
  name: helperName,
  fullname,
  chart: chartLabel,
  selectorLabels,
  labels: (c) =>
    [
      `helm.sh/chart: ${chartLabel(c)}`,
      selectorLabels(c),
      ...(c.appVersion ? [`app.kubernetes.io/version: ${goQuote(c.appVersion)}`] : []),
      'app.kubernetes.io/managed-by: Helm',
    ].join('\n'),
  serviceAccountName: (c) => {
    const name = value(c.values, 'serviceAccount', 'name');
    if (!isEmpty(value(c.values, 'serviceAccount', 'create'))) return isEmpty(name) ? fullname(c) : toText(name);
    return isEmpty(name) ? 'default' : toText(name);
  },
};

/**
 * Renders `include "<chart>.<helper>" .` with the semantics of the helpers `helm create`
 * writes into `_helpers.tpl`. A helper is known when its prefix is the chart name or the
 * chart defines it; its own body is not read. Undefined for any other name.
 */
export function renderKnownHelper(name: string, c: HelperContext): string | undefined {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const suffix = name.slice(dot + 1);
  if (!(KNOWN as readonly string[]).includes(suffix)) return undefined;
  if (name.slice(0, dot) !== c.chartName && !c.defined.has(name)) return undefined;
  return HELPERS[suffix as Known](c);
}
