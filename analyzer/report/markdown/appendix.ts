import { SCHEMA_VERSION } from '../../types/index.js';
import type { MdContext } from './context.js';
import { mdCode, mdText } from './escape.js';
import { capped, plural, table } from './table.js';

const DIAGNOSTICS_MAX = 200;
const MANIFESTS_MAX = 60;

/** Diagnostics, how the review was made, and which tool version made it. */
export function appendixSection(ctx: MdContext): string {
  const { report } = ctx.index;
  const out = ['## Appendix', '', '### Diagnostics', ''];
  if (!report.diagnostics.length) out.push('None: every file archreview looked at could be read and understood.');
  else {
    const counts = ['error', 'warning', 'info'].map((level) => `${report.diagnostics.filter((d) => d.level === level).length} ${level}`).join(', ');
    out.push(`What archreview could not read or understand (${counts}). The rest of the analysis went on without it.`, '');
    const { shown, more } = capped(report.diagnostics, DIAGNOSTICS_MAX);
    out.push(
      table(
        ['Level', 'Code', 'Where', 'Message'],
        shown.map((d) => [d.level, mdCode(d.code, true), d.file ? mdCode(`${d.file}${d.line ? `:${d.line}` : ''}`, true) : '\u2014', mdText(d.message)]),
      ),
    );
    if (more) out.push('', `${plural(more, 'more diagnostic')} in archreview.json.`);
  }

  out.push('', '### Method', '');
  out.push(
    'archreview read the repository without running, building or importing any of it, and made no network requests. ' +
      'It discovered the files (respecting `.gitignore`, skipping dependencies and build output), read the deploy manifests, ' +
      'counted source lines, resolved service addresses in environment variables and manifests into links between services, datastores and channels, ' +
      'built the dependency graph, ran the rules over it and scored the result.',
    '',
    'Links marked *manifests* are declared in deploy files; links marked *code* were seen in source. Signals marked *declared* come from `archreview.yaml`; *unknown* ones were not guessed.',
    '',
  );
  const { shown, more } = capped(report.generatedFrom.manifests, MANIFESTS_MAX);
  out.push(`Manifests read (${report.generatedFrom.manifests.length}): ${shown.length ? shown.map((m) => mdCode(m)).join(', ') : 'none'}${more ? `, and ${more} more` : ''}.`, '');
  out.push(`Source files seen: ${report.generatedFrom.sourceFiles}.`);

  out.push('', '### Tool', '');
  out.push(
    table(
      ['', ''],
      [
        ['Tool', `archreview ${mdText(report.tool.version)}`],
        ['Report schema', `version ${SCHEMA_VERSION}`],
        ['Analyzed folder', mdText(report.root)],
        ['Commit', report.generatedFrom.commit ? mdCode(report.generatedFrom.commit, true) : 'not a git work tree'],
      ],
    ),
  );
  return out.join('\n');
}
