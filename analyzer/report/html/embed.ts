import { oneLine } from '../markdown/escape.js';

/**
 * JSON for a `<script type="application/json">` block: `<`, `>` and `&` become `\u003c`,
 * `\u003e`, `\u0026`, so no string can close the script element or open a comment, and the
 * JavaScript line terminators U+2028/U+2029 are escaped too. `JSON.parse` reads it back unchanged.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface PageParts {
  title: string;
  report: unknown;
  narrative: string;
  layout: unknown;
}

const SLOTS = ['report', 'narrative', 'layout'] as const;

/** Fills the viewer template: the title and the three JSON blocks. Replacements are functions, so `$&` in the data stays literal. */
export function fillTemplate(template: string, parts: PageParts): string {
  let html = template;
  for (const slot of SLOTS) {
    const placeholder = `<script type="application/json" id="archreview-${slot}">null</script>`;
    if (!html.includes(placeholder)) throw new Error(`the viewer template has no ${slot} slot; rebuild it with npm run build`);
    html = html.replace(placeholder, () => `<script type="application/json" id="archreview-${slot}">${scriptJson(parts[slot])}</script>`);
  }
  return html.replace('<title>archreview</title>', () => `<title>${escapeHtml(oneLine(parts.title))}</title>`);
}
