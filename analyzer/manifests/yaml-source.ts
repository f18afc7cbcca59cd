import { isAlias, isMap, isNode, isScalar, LineCounter, parseAllDocuments, type Document } from 'yaml';
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

export interface YamlLimits {
  maxAliasCount: number;
}

const DEFAULT_LIMITS: YamlLimits = { maxAliasCount: 200 };

/** Compose's `!reset` and `!override` tags, accepted so merge files parse without warnings. */
const COMPOSE_TAGS = [
  { tag: '!reset', resolve: () => null },
  { tag: '!override', resolve: (value: string) => value },
];

/**
 * Parses every document of a YAML file. A document with errors becomes a diagnostic (with
 * its line) and is skipped; the others are returned. Alias expansion is bounded, so a
 * "billion laughs" file is refused instead of exhausting memory.
 */
export function parseYamlDocuments(text: string, file: string, diagnostics: Diagnostic[], limits: YamlLimits = DEFAULT_LIMITS): YamlDoc[] {
  const lineCounter = new LineCounter();
  let documents: Document.Parsed[];
  try {
    documents = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false, merge: true, logLevel: 'error', customTags: COMPOSE_TAGS, strict: false }) as Document.Parsed[];
  } catch (error) {
    diagnostics.push({ level: 'error', code: 'yaml-parse', file, message: `invalid YAML: ${message(error)}` });
    return [];
  }
  if (!Array.isArray(documents)) documents = [documents];
  const result: YamlDoc[] = [];
  for (const doc of documents) {
    const lineOf = (offset: number | undefined): number | undefined => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
    const error = doc.errors[0];
    if (error) {
      diagnostics.push({ level: 'error', code: 'yaml-parse', file, line: lineOf(error.pos[0]), message: `invalid YAML: ${firstLine(error.message)}` });
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
    } catch (error) {
      diagnostics.push({ level: 'error', code: 'yaml-alias-limit', file, line: lineOf(doc.range[0]), message: `refused: ${firstLine(message(error))}` });
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
