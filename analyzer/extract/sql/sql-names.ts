import { normalizeTableName } from '../../types/data-facts.js';

/** Placeholder written into SQL text for a symbolic part (a parameter, a constant of another module). */
export const PLACEHOLDER = /__sym(\d+)__/g;

export function placeholder(index: number): string {
  return `__sym${index}__`;
}

/** A table's name from its (quoted or unquoted) parts; see `normalizeTableName`. */
export function tableName(parts: readonly { text: string; quoted: boolean }[]): string {
  return normalizeTableName(parts);
}
