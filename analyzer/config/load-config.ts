import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigSchema, DEFAULT_CONFIG, type Config } from './schema.js';

/** A problem with the user's configuration: printed as one line, exit code 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const CONFIG_FILE_NAMES = ['archreview.yaml', 'archreview.yml', '.archreview.yaml', '.archreview.yml'];

export interface LoadedConfig {
  config: Config;
  /** Path of the file read, or null when defaults were used. */
  file: string | null;
}

/** Finds the config: the file given, else one of CONFIG_FILE_NAMES in the analyzed root. */
export function loadConfig(root: string, explicit?: string): LoadedConfig {
  if (explicit) {
    if (!existsSync(explicit)) throw new ConfigError(`config file not found: ${explicit}`);
    return { config: parseConfigText(readConfigFile(explicit), explicit), file: explicit };
  }
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = path.join(root, name);
    if (existsSync(candidate)) return { config: parseConfigText(readConfigFile(candidate), candidate), file: candidate };
  }
  return { config: DEFAULT_CONFIG, file: null };
}

function readConfigFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** Parses and validates config text; every problem names the file, the key and what was expected. */
export function parseConfigText(text: string, file: string): Config {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const pos = yamlError.linePos?.[0];
    const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
    throw new ConfigError(`${where}: invalid YAML: ${firstLine(yamlError.message)}`);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    throw new ConfigError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = ConfigSchema.safeParse(dropNulls(raw));
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => describeIssue(issue));
  throw new ConfigError(`${file}: ${problems.join('; ')}`);
}

/** `key:` with nothing under it (everything commented out) means the key is absent. */
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, dropNulls(v)]));
  }
  return value;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
  switch (issue.code) {
    case 'unrecognized_keys': {
      const where = issue.path.length ? ` in ${key}` : '';
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}${where}`;
    }
    case 'invalid_type':
      return `${key}: expected ${issue.expected}`;
    case 'invalid_value':
      return `${key}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return `${key}: expected ${unionExpectation(key)}`;
    default:
      return `${key}: ${issue.message}`;
  }
}

function unionExpectation(key: string): string {
  if (key.startsWith('rules.')) return 'off | info | warn | error, [level, { options }] or { severity, options }';
  if (key.endsWith('.infra')) return 'true/false or a datastore kind such as postgres';
  return 'a different value';
}
