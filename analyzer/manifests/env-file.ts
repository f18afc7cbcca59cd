import { interpolate, type ExpansionBudget } from './interpolate.js';

export interface EnvEntry {
  name: string;
  value: string;
  line: number;
}

/**
 * Parses a dotenv file the way Compose does: `KEY=value`, optional `export`, `#` comments,
 * single quotes literal, double quotes with escapes and multi-line values, unquoted values
 * trimmed with trailing ` #comments` removed. Values may refer to earlier keys (`${A}`), or
 * to `outer` variables. A bare `KEY` takes its value from `outer`, if any. A `budget` bounds
 * what substitution adds to the file (values that double each other).
 */
export function parseEnvFile(text: string, outer: (name: string) => string | undefined = () => undefined, budget?: ExpansionBudget): EnvEntry[] {
  const entries: EnvEntry[] = [];
  const known = new Map<string, string>();
  const lookup = (name: string): string | undefined => known.get(name) ?? outer(name);
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const lineNo = index + 1;
    let line = (lines[index] ?? '').trim();
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('export ')) line = line.slice(7).trim();
    const eq = line.indexOf('=');
    if (eq < 0) {
      const name = line;
      const value = /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) ? outer(name) : undefined;
      if (value !== undefined) {
        known.set(name, value);
        entries.push({ name, value, line: lineNo });
      }
      continue;
    }
    const name = line.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) continue;
    let raw = line.slice(eq + 1).trimStart();
    let value: string;
    if (raw.startsWith("'")) {
      const close = raw.indexOf("'", 1);
      value = close > 0 ? raw.slice(1, close) : raw.slice(1);
    } else if (raw.startsWith('"')) {
      let body = raw.slice(1);
      while (!hasClosingQuote(body) && index + 1 < lines.length) {
        index++;
        body += `\n${lines[index] ?? ''}`;
      }
      const close = closingQuote(body);
      const inner = close >= 0 ? body.slice(0, close) : body;
      value = interpolate(unescapeDouble(inner), { lookup, budget });
    } else {
      const comment = raw.search(/\s#/);
      if (comment >= 0) raw = raw.slice(0, comment);
      value = interpolate(raw.trim(), { lookup, budget });
    }
    known.set(name, value);
    entries.push({ name, value, line: lineNo });
  }
  return entries;
}

function closingQuote(body: string): number {
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') {
      i++;
      continue;
    }
    if (body[i] === '"') return i;
  }
  return -1;
}

function hasClosingQuote(body: string): boolean {
  return closingQuote(body) >= 0;
}

function unescapeDouble(text: string): string {
  return text.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c));
}
