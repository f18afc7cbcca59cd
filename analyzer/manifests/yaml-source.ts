import { Composer, isAlias, isMap, isNode, isScalar, LineCounter, Parser, type CST, type Document } from 'yaml';
import type { Diagnostic } from '../types/index.js';

export type YamlPath = readonly (string | number)[];

/** One YAML document as plain data, with a way back to the line of any value in it. */
export interface YamlDoc {
  value: unknown;
  /** 1-based line where the document starts. */
  startLine: number;
  /** 1-based line of the value at `path`, or of the nearest ancestor that exists. */
  lineAt(path: YamlPath): number | undefined;
}

/** The YAML bounds of `limits` in archreview.yaml. */
export interface YamlLimits {
  /** Alias expansion allowed per document (the yaml library's maxAliasCount). */
  maxYamlAliases: number;
  /** Nesting of maps and sequences, aliases expanded. */
  maxNestingDepth: number;
  /** Values of a document, aliases expanded (a value used through 100 aliases counts 100 times). */
  maxYamlNodes: number;
}

const DEFAULT_LIMITS: YamlLimits = { maxYamlAliases: 200, maxNestingDepth: 100, maxYamlNodes: 2_000_000 };

/** Compose's `!reset` and `!override` tags, accepted so merge files parse without warnings. */
const COMPOSE_TAGS = [
  { tag: '!reset', resolve: () => null },
  { tag: '!override', resolve: (value: string) => value },
];

/**
 * Parses every document of a YAML file. A document with errors becomes a diagnostic (with
 * its line) and is skipped; the others are returned. Alias expansion is bounded, so a
 * "billion laughs" file is refused instead of exhausting memory, and so is nesting, so no
 * reader recurses without end (`limits.maxYamlAliases`, `limits.maxNestingDepth`).
 */
export function parseYamlDocuments(text: string, file: string, diagnostics: Diagnostic[], limits: Partial<YamlLimits> = DEFAULT_LIMITS): YamlDoc[] {
  const maxAliases = limits.maxYamlAliases ?? DEFAULT_LIMITS.maxYamlAliases;
  const maxDepth = limits.maxNestingDepth ?? DEFAULT_LIMITS.maxNestingDepth;
  const maxNodes = limits.maxYamlNodes ?? DEFAULT_LIMITS.maxYamlNodes;
  const tooDeep = (line?: number): Diagnostic => ({ level: 'error', code: 'yaml-too-deep', file, line, message: `refused: nested deeper than ${maxDepth} levels (limits.maxNestingDepth)` });
  const lineCounter = new LineCounter();
  const documents: Document.Parsed[] = [];
  try {
    // parseAllDocuments, step by step: the parser (iterative) gives each document's syntax
    // tree, whose nesting is measured before the composer (recursive) builds it, so a deep
    // document is refused without ever running a parser out of stack.
    const parser = new Parser(lineCounter.addNewLine);
    const composer = new Composer({ prettyErrors: false, uniqueKeys: false, merge: true, logLevel: 'error', customTags: COMPOSE_TAGS, strict: false });
    for (const token of parser.parse(text)) {
      if (token.type === 'document' && cstDeeperThan(token, maxDepth)) {
        diagnostics.push(tooDeep(lineCounter.linePos(token.offset).line));
        continue;
      }
      for (const doc of composer.next(token)) documents.push(doc as Document.Parsed);
    }
    for (const doc of composer.end()) documents.push(doc as Document.Parsed);
  } catch (error) {
    diagnostics.push(isStackOverflow(error) ? tooDeep() : { level: 'error', code: 'yaml-parse', file, message: `invalid YAML: ${message(error)}` });
    return [];
  }
  const result: YamlDoc[] = [];
  for (const doc of documents) {
    const lineOf = (offset: number | undefined): number | undefined => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
    const error = doc.errors[0];
    if (error && /maximum call stack/i.test(error.message)) {
      diagnostics.push(tooDeep(lineOf(error.pos[0])));
      continue;
    }
    if (error) {
      diagnostics.push({ level: 'error', code: 'yaml-parse', file, line: lineOf(error.pos[0]), message: `invalid YAML: ${firstLine(error.message)}` });
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: maxAliases });
    } catch (error) {
      const text = firstLine(message(error));
      if (isStackOverflow(error)) diagnostics.push(tooDeep(lineOf(doc.range[0])));
      else if (/excessive alias count/i.test(text)) diagnostics.push({ level: 'error', code: 'yaml-alias-limit', file, line: lineOf(doc.range[0]), message: `refused: ${text} (limits.maxYamlAliases is ${maxAliases})` });
      else diagnostics.push({ level: 'error', code: 'yaml-parse', file, line: lineOf(doc.range[0]), message: `invalid YAML: ${text}` });
      continue;
    }
    const shape = yamlShape(value, maxDepth, maxNodes);
    if (shape === 'deep') {
      diagnostics.push(tooDeep(lineOf(doc.range[0])));
      continue;
    }
    if (shape === 'large') {
      diagnostics.push({ level: 'error', code: 'yaml-too-large', file, line: lineOf(doc.range[0]), message: `refused: more than ${maxNodes} values once aliases are expanded (limits.maxYamlNodes)` });
      continue;
    }
    if (shape === 'cycle') {
      diagnostics.push({ level: 'error', code: 'yaml-alias-cycle', file, line: lineOf(doc.range[0]), message: 'refused: an alias refers to a value that contains it, so the document has no end (limits.maxNestingDepth)' });
      continue;
    }
    if (value === null || value === undefined) continue;
    result.push({
      value,
      startLine: lineOf(doc.contents?.range?.[0] ?? doc.range[0]) ?? 1,
      lineAt(path) {
        for (let depth = path.length; depth > 0; depth--) {
          const parent = depth === 1 ? doc.contents : doc.getIn(path.slice(0, depth - 1), true);
          const last = path[depth - 1];
          if (isMap(parent) && typeof last === 'string') {
            const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === last);
            if (pair && isNode(pair.key) && pair.key.range) return lineOf(pair.key.range[0]);
            continue;
          }
          const node = doc.getIn(path.slice(0, depth), true);
          if (isNode(node) && !isAlias(node) && node.range) return lineOf(node.range[0]);
        }
        return lineOf(doc.contents?.range?.[0]);
      },
    });
  }
  return result;
}

/** Whether a document's syntax tree nests maps, sequences and flow collections deeper than `max`. Iterative. */
function cstDeeperThan(document: CST.Document, max: number): boolean {
  const stack: [CST.Token | null | undefined, number][] = [[document.value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!node || (node.type !== 'block-map' && node.type !== 'block-seq' && node.type !== 'flow-collection')) continue;
    if (depth + 1 > max) return true;
    for (const item of node.items) stack.push([item.key, depth + 1], [item.value, depth + 1]);
  }
  return false;
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

type Frame = { node: object; children: object[]; next: number; height: number; size: number };

function collectionsIn(node: object): { children: object[]; scalars: number } {
  const values = Array.isArray(node) ? node : node instanceof Map ? [...node.values()] : Object.values(node);
  const children = values.filter((v): v is object => typeof v === 'object' && v !== null);
  return { children, scalars: values.length - children.length };
}

/**
 * How a document's values nest and how many there are once aliases are expanded: `deep`
 * beyond `maxDepth` levels of maps and sequences, `cycle` when an alias refers to a value
 * that contains it (endless when expanded), `large` beyond `maxNodes` values (an anchor of
 * 10,000 entries used through 200 aliases is 2,000,000 values to every reader that walks
 * it), else `ok`. Iterative, and a shared value is measured once, so the check itself can
 * neither run out of stack nor take long.
 */
export function yamlShape(value: unknown, maxDepth: number, maxNodes = Number.POSITIVE_INFINITY): 'ok' | 'deep' | 'cycle' | 'large' {
  if (typeof value !== 'object' || value === null) return 'ok';
  const measured = new Map<object, { height: number; size: number }>();
  const open = new Set<object>([value]);
  const frame = (node: object): Frame => {
    const { children, scalars } = collectionsIn(node);
    return { node, children, next: 0, height: 1, size: 1 + scalars };
  };
  const stack: Frame[] = [frame(value)];
  while (stack.length) {
    if (stack.length > maxDepth) return 'deep';
    const top = stack[stack.length - 1]!;
    const child = top.children[top.next++];
    if (child === undefined) {
      stack.pop();
      open.delete(top.node);
      if (top.size > maxNodes) return 'large';
      measured.set(top.node, { height: top.height, size: top.size });
      const parent = stack[stack.length - 1];
      if (parent) {
        parent.height = Math.max(parent.height, top.height + 1);
        parent.size += top.size;
      }
      continue;
    }
    if (open.has(child)) return 'cycle';
    const known = measured.get(child);
    if (known !== undefined) {
      if (stack.length + known.height > maxDepth) return 'deep';
      top.height = Math.max(top.height, known.height + 1);
      top.size += known.size;
      if (top.size > maxNodes) return 'large';
      continue;
    }
    open.add(child);
    stack.push(frame(child));
  }
  return 'ok';
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

/** Narrowing helpers for untrusted YAML values. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function asInt(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number.parseInt(value, 10);
  return undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const key of Object.keys(value).sort()) {
    const v = asString(value[key]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}
