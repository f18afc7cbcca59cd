import { CHECKLIST_ITEMS, type ChecklistItemInfo } from '../../types/index.js';

/*
 * What the report knows about production checklist items (`CHECKLIST_ITEMS`): their order in
 * the table, how much a failure matters, the typical size of the fix and what to do. Items the
 * Report holds that are not listed there are shown after these, in name order.
 */
const INFO = new Map(CHECKLIST_ITEMS);

/** What the report knows about an item (a Map lookup: item names come from the Report and are untrusted). */
export function checklistItemInfo(item: string): ChecklistItemInfo | undefined {
  return INFO.get(item);
}

/** The items the production checklist covers, in table order. */
export const CHECKLIST_ORDER = CHECKLIST_ITEMS.map(([item]) => item);

export function checklistColumns(items: Iterable<string>): string[] {
  const present = new Set(items);
  const known = CHECKLIST_ORDER.filter((i) => present.has(i));
  const extra = [...present].filter((i) => !INFO.has(i)).sort();
  return [...known, ...extra];
}
