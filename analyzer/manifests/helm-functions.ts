import { CannotRender, goQuote, indentText, isEmpty, toText, toYaml, truthy } from './helm-values.js';
import { isRecord } from './yaml-source.js';

/** A template function: pure, given its evaluated arguments (a piped value comes last). */
export type HelmFunction = (args: unknown[]) => unknown;

const MAX_STRING = 1_000_000;

function need(args: unknown[], count: number): void {
  if (args.length < count) throw new CannotRender();
}

function str(value: unknown): string {
  return toText(value);
}

function int(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw new CannotRender();
  return Math.trunc(n);
}

function last(args: unknown[]): unknown {
  return args[args.length - 1];
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  throw new CannotRender();
}

function same(a: unknown, b: unknown): boolean {
  const x = a === undefined ? null : a;
  const y = b === undefined ? null : b;
  if (typeof x === 'object' && x !== null) throw new CannotRender();
  return x === y;
}

/** Go's fmt verbs that charts use in `printf`: %s %d %v %q %%. */
function printf(format: string, args: unknown[]): string {
  let index = 0;
  // Flags and width are read and ignored; `0` counts as width so the pattern cannot backtrack.
  return format.replace(/%[-+# ]*\d*(?:\.\d+)?([svdqtf%])/g, (_m, verb: string) => {
    if (verb === '%') return '%';
    if (index >= args.length) throw new CannotRender();
    const value = args[index++];
    if (verb === 'q') return goQuote(str(value));
    if (verb === 'd') return String(int(value));
    return str(value);
  });
}

function limit(text: string): string {
  if (text.length > MAX_STRING) throw new CannotRender();
  return text;
}

/** The sprig and Go built-ins a best-effort render can run without a cluster or files. */
export const FUNCTIONS = new Map<string, HelmFunction>([
  ['default', (a) => (need(a, 1), a.length < 2 || isEmpty(a[1]) ? a[0] : a[1])],
  ['required', (a) => (need(a, 2), a[1] === undefined || a[1] === null || a[1] === '' ? failRequired() : a[1])],
  ['quote', (a) => a.filter((v) => v !== undefined && v !== null).map((v) => goQuote(str(v))).join(' ')],
  ['squote', (a) => a.filter((v) => v !== undefined && v !== null).map((v) => `'${str(v)}'`).join(' ')],
  ['upper', (a) => (need(a, 1), str(last(a)).toUpperCase())],
  ['lower', (a) => (need(a, 1), str(last(a)).toLowerCase())],
  ['title', (a) => (need(a, 1), str(last(a)).replace(/(^|\s)(\S)/g, (_m, s: string, c: string) => s + c.toUpperCase()))],
  ['trim', (a) => (need(a, 1), str(last(a)).trim())],
  ['trimSuffix', (a) => (need(a, 2), str(a[1]).endsWith(str(a[0])) ? str(a[1]).slice(0, str(a[1]).length - str(a[0]).length) : str(a[1]))],
  ['trimPrefix', (a) => (need(a, 2), str(a[1]).startsWith(str(a[0])) ? str(a[1]).slice(str(a[0]).length) : str(a[1]))],
  ['trunc', (a) => (need(a, 2), int(a[0]) >= 0 ? str(a[1]).slice(0, int(a[0])) : str(a[1]).slice(int(a[0])))],
  ['replace', (a) => (need(a, 3), limit(str(a[2]).split(str(a[0])).join(str(a[1]))))],
  ['indent', (a) => (need(a, 2), limit(indentText(int(a[0]), str(a[1]))))],
  ['nindent', (a) => (need(a, 2), limit('\n' + indentText(int(a[0]), str(a[1]))))],
  ['toYaml', (a) => (need(a, 1), limit(toYaml(a[0])))],
  ['toJson', (a) => (need(a, 1), limit(toJson(a[0])))],
  ['toString', (a) => (need(a, 1), str(a[0]))],
  ['int', (a) => (need(a, 1), int(a[0]))],
  ['int64', (a) => (need(a, 1), int(a[0]))],
  ['b64enc', (a) => (need(a, 1), Buffer.from(str(a[0]), 'utf8').toString('base64'))],
  ['printf', (a) => (need(a, 1), limit(printf(str(a[0]), a.slice(1))))],
  ['print', (a) => a.map((v, i) => (i > 0 && typeof v !== 'string' && typeof a[i - 1] !== 'string' ? ' ' : '') + str(v)).join('')],
  ['cat', (a) => a.filter((v) => v !== undefined && v !== null).map(str).join(' ')],
  ['not', (a) => (need(a, 1), !truthy(a[0]))],
  ['and', (a) => (need(a, 1), a.find((v) => !truthy(v)) ?? last(a))],
  ['or', (a) => (need(a, 1), a.find((v) => truthy(v)) ?? last(a))],
  ['empty', (a) => (need(a, 1), isEmpty(a[0]))],
  ['eq', (a) => (need(a, 2), a.slice(1).some((b) => same(a[0], b)))],
  ['ne', (a) => (need(a, 2), !same(a[0], a[1]))],
  ['lt', (a) => (need(a, 2), compare(a[0], a[1]) < 0)],
  ['le', (a) => (need(a, 2), compare(a[0], a[1]) <= 0)],
  ['gt', (a) => (need(a, 2), compare(a[0], a[1]) > 0)],
  ['ge', (a) => (need(a, 2), compare(a[0], a[1]) >= 0)],
  ['contains', (a) => (need(a, 2), str(a[1]).includes(str(a[0])))],
  ['hasPrefix', (a) => (need(a, 2), str(a[1]).startsWith(str(a[0])))],
  ['hasSuffix', (a) => (need(a, 2), str(a[1]).endsWith(str(a[0])))],
  ['hasKey', (a) => (need(a, 2), isRecord(a[0]) && Object.hasOwn(a[0], str(a[1])))],
  ['get', (a) => (need(a, 2), isRecord(a[0]) && Object.hasOwn(a[0], str(a[1])) ? a[0][str(a[1])] : '')],
  ['index', (a) => (need(a, 1), a.slice(1).reduce((cur, key) => indexInto(cur, key), a[0]))],
  ['len', (a) => (need(a, 1), lengthOf(a[0]))],
  ['list', (a) => [...a]],
  ['dict', (a) => dict(a)],
  ['join', (a) => (need(a, 2), Array.isArray(a[1]) ? a[1].map(str).join(str(a[0])) : str(a[1]))],
  ['ternary', (a) => (need(a, 3), truthy(a[2]) ? a[0] : a[1])],
  ['coalesce', (a) => a.find((v) => !isEmpty(v))],
]);

function toJson(value: unknown): string {
  try {
    return JSON.stringify(value ?? null);
  } catch {
    throw new CannotRender(); // cyclic (YAML aliases)
  }
}

function failRequired(): never {
  throw new CannotRender();
}

function indexInto(value: unknown, key: unknown): unknown {
  if (Array.isArray(value) && typeof key === 'number') return value[key];
  if (isRecord(value) && typeof key === 'string') return Object.hasOwn(value, key) ? value[key] : undefined;
  if (value === undefined || value === null) return undefined;
  throw new CannotRender();
}

function lengthOf(value: unknown): number {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (isRecord(value)) return Object.keys(value).length;
  throw new CannotRender();
}

function dict(args: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < args.length; i += 2) Object.defineProperty(out, str(args[i]), { value: args[i + 1], enumerable: true, writable: true, configurable: true });
  return out;
}
