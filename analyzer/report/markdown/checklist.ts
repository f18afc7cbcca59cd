import type { Score } from '../../types/index.js';
import { compareStrings } from '../report-index.js';
import type { MdContext } from './context.js';
import { mdText } from './escape.js';
import { CHECKLIST_ORDER, checklistColumns } from './checklist-items.js';
import { plural, table } from './table.js';

type Row = Score['checklist'][number];

const MARK: Record<Row['status'], string> = { pass: '\u2714 pass', fail: '\u2718 fail', unknown: '? unknown' };

/** One row per service, one column per checklist item, then the failing checks with their evidence. */
export function checklistSection(ctx: MdContext): string {
  const rows = ctx.index.report.score.checklist;
  const out: string[] = ['## Production checklist', ''];
  if (!rows.length) {
    out.push('The Report holds no checklist rows: no service built from this repository was found to check.');
    return out.join('\n');
  }
  const columns = checklistColumns(rows.map((r) => r.item));
  const services = [...new Set(rows.map((r) => r.service))].sort(compareStrings);
  const cell = new Map(rows.map((r) => [JSON.stringify([r.service, r.item]), r]));
  out.push('What each service built from this repository has in place for running in production. Third-party images are not checked.', '');
  out.push(
    table(
      ['Service', ...columns.map(mdText)],
      services.map((s) => [mdText(s), ...columns.map((c) => (cell.has(JSON.stringify([s, c])) ? MARK[cell.get(JSON.stringify([s, c]))!.status] : '\u2014'))]),
    ),
  );
  const missing = CHECKLIST_ORDER.filter((i) => !columns.includes(i));
  if (missing.length) out.push('', `Not assessed by this version of archreview: ${missing.join(', ')}.`);
  const failing = rows.filter((r) => r.status === 'fail');
  out.push('', '### Failing checks', '');
  if (!failing.length) out.push('No check failed.');
  for (const item of columns) {
    const list = failing.filter((r) => r.item === item);
    if (!list.length) continue;
    out.push(`- **${mdText(item)}** (${plural(list.length, 'service')}): ${list.map((r) => `${mdText(r.service)} \u2014 ${mdText(r.evidence)}`).join('; ')}`);
  }
  const unknown = rows.filter((r) => r.status === 'unknown').length;
  if (unknown) out.push('', `${plural(unknown, 'check')} could not be decided from the repository; the evidence column of archreview.json says why for each.`);
  return out.join('\n');
}
