import type { Report } from './report-types.js';
import type { EmbeddedLayout } from '../layout/types.js';

export interface EmbeddedData {
  report: Report | null;
  narrative: string;
  layout: EmbeddedLayout | null;
  /** Why the report could not be read, when it could not. */
  problem: string | null;
}

/** Reads the JSON blocks archreview embedded in the page. They are data (type="application/json"), never executed. */
export function readEmbedded(doc: Document): EmbeddedData {
  const read = (id: string): unknown => {
    const text = doc.getElementById(id)?.textContent ?? 'null';
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  };
  const report = read('archreview-report');
  const narrative = read('archreview-narrative');
  const layout = read('archreview-layout');
  if (report === undefined) return { report: null, narrative: '', layout: null, problem: 'The report embedded in this page is not valid JSON.' };
  if (!isReport(report)) return { report: null, narrative: '', layout: null, problem: 'This page holds no archreview report. Write one with `archreview <folder> --format html`.' };
  return {
    report: displayable(report),
    narrative: typeof narrative === 'string' ? narrative : '',
    layout: isLayout(layout) ? layout : null,
    problem: null,
  };
}

function isReport(value: unknown): value is Report {
  if (!value || typeof value !== 'object') return false;
  const r = value as Partial<Report>;
  return r.schemaVersion === 1 && Array.isArray(r.services) && Array.isArray(r.datastores) && Array.isArray(r.channels) && Array.isArray(r.edges) && Array.isArray(r.findings) && typeof r.score === 'object';
}

function isLayout(value: unknown): value is EmbeddedLayout {
  return !!value && typeof value === 'object' && (value as EmbeddedLayout).version === 1 && typeof (value as EmbeddedLayout).key === 'string';
}

/**
 * A copy of the Report fit for display: terminal escape sequences and control characters
 * removed, line breaks folded into spaces. (Svelte escapes everything it renders; this keeps
 * a name from painting boxes or breaking a line.) The embedded JSON itself stays as written.
 */
export function displayable<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (Array.isArray(value)) return value.map(displayable) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, cleanText(k), { value: displayable(v), enumerable: true, writable: true, configurable: true });
    return out as T;
  }
  return value;
}

export function cleanText(text: string): string {
  return text
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)/g, '')
    .replace(/[\t\n\r\u2028\u2029]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
}
