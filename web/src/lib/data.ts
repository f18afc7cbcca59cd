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
    report,
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
