import { readFileSync } from 'node:fs';
import { ReportSchema, type Report } from '../../analyzer/types/index.js';
import { fixture } from '../helpers/fixtures.js';

export function loadFixture(name: string): Report {
  return ReportSchema.parse(JSON.parse(readFileSync(fixture('reports', name), 'utf8')));
}

/**
 * The tags in an HTML string that are not allowed in rendered report Markdown: anything but
 * the plain document elements, any event-handler attribute, any link that is not
 * http(s), relative or an #anchor.
 */
export function unsafeTags(html: string): string[] {
  const allowed = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'em', 'strong', 'code', 'pre', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'br', 'hr', 'blockquote', 'del', 'div', 'span']);
  const bad: string[] = [];
  for (const [tag, name] of html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*>/g)) {
    if (!allowed.has(name!.toLowerCase())) bad.push(tag);
    else if (/\son[a-z]+\s*=/i.test(tag)) bad.push(tag);
    else {
      const href = /\bhref\s*=\s*"([^"]*)"/i.exec(tag)?.[1];
      if (href !== undefined && !/^(https?:\/\/|#)/i.test(href) && /^[a-z][a-z0-9+.-]*:/i.test(href.replace(/&#?\w+;/g, ''))) bad.push(tag);
    }
  }
  return bad;
}

/** Control characters that a terminal or a browser would act on. */
export const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

/** A report with nothing in it: what archreview writes for an empty folder. */
export function emptyReport(): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'archreview', version: '0.1.0' },
    root: 'empty',
    generatedFrom: { commit: null, manifests: [], sourceFiles: 0 },
    services: [],
    datastores: [],
    channels: [],
    edges: [],
    findings: [],
    score: { verdict: 'unknown', confidence: 'low', reasons: [], unknowns: [], signals: [], heuristics: [], candidates: [], history: null, modules: [], checklist: [], recommendations: [], migration: [] },
    diagnostics: [],
  };
}
