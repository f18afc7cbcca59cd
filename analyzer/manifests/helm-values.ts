import { stringify } from 'yaml';
import { isRecord } from './yaml-source.js';

/** Thrown inside the evaluator when an expression cannot be rendered without Helm itself. */
export class CannotRender extends Error {}

/** Stands for a root field only a cluster or Helm knows (`.Capabilities`, `.Files`). */
export const UNKNOWN: unique symbol = Symbol('unknown');

/** Go template truthiness: false, 0, nil, and empty strings, lists and maps are false. */
export function truthy(value: unknown): boolean {
  if (value === UNKNOWN) throw new CannotRender();
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return Object.keys(value).length > 0;
  return true;
}

/** `.key` on a value: maps give their own key (missing → nil); fields of other kinds are not known. */
export function field(value: unknown, key: string): unknown {
  if (value === UNKNOWN) throw new CannotRender();
  if (value === undefined || value === null) return undefined;
  if (isRecord(value)) return Object.hasOwn(value, key) ? value[key] : undefined;
  throw new CannotRender();
}

/** A number as Go's `%v` prints a float64 (Helm reads every number of values.yaml as one, so 1000000 prints 1e+06). */
export function goNumber(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return '0';
  const [mantissa = '0', exp = '0'] = n.toExponential().split('e');
  const e = Number(exp);
  if (e < -4 || e >= 6) {
    return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return String(n);
}

const MAX_PRINT_DEPTH = 50;

/** A value as a template action prints it (Helm prints a missing value as nothing). */
export function toText(value: unknown, depth = 0): string {
  if (value === UNKNOWN || depth > MAX_PRINT_DEPTH) throw new CannotRender();
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === null || v === undefined ? '<nil>' : toText(v, depth + 1))).join(' ')}]`;
  if (isRecord(value)) {
    return `map[${Object.keys(value)
      .sort()
      .map((k) => `${k}:${value[k] === null || value[k] === undefined ? '<nil>' : toText(value[k], depth + 1)}`)
      .join(' ')}]`;
  }
  throw new CannotRender();
}

/** Helm's `toYaml`: keys sorted, no trailing newline, `null` for nothing. */
export function toYaml(value: unknown): string {
  if (value === UNKNOWN) throw new CannotRender();
  return stringify(value ?? null, { sortMapEntries: true, lineWidth: 0, indentSeq: false }).replace(/\n$/, '');
}

/** sprig's `empty`. */
export function isEmpty(value: unknown): boolean {
  return !truthy(value);
}

/** Go's `%q` for the strings Helm charts quote. */
export function goQuote(text: string): string {
  return JSON.stringify(text).replace(/\\u([0-9a-f]{4})/g, (_m, hex: string) => `\\x${hex.slice(2)}`);
}

export function indentText(spaces: number, text: string): string {
  const pad = ' '.repeat(Math.max(0, Math.min(spaces, 1000)));
  return pad + text.replace(/\n/g, `\n${pad}`);
}
