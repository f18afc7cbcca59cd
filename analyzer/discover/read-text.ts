import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../types/index.js';
import { errorCode } from './walk-tree.js';

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/**
 * Reads a repository file as text. Files that are too large, binary (a NUL byte) or
 * unreadable become a diagnostic and null; text that is not UTF-8 is decoded leniently
 * with a diagnostic, so one odd byte does not lose the whole file.
 */
export function readText(abs: string, rel: string, diagnostics: Diagnostic[], maxBytes = DEFAULT_MAX_FILE_BYTES): string | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(abs);
  } catch (error) {
    diagnostics.push({ level: 'warning', code: 'unreadable-file', file: rel, message: `cannot read file: ${errorCode(error)}` });
    return null;
  }
  if (bytes.length > maxBytes) {
    diagnostics.push({ level: 'warning', code: 'file-too-large', file: rel, message: `skipped: ${bytes.length} bytes is over the ${maxBytes}-byte limit` });
    return null;
  }
  if (bytes.includes(0)) {
    diagnostics.push({ level: 'warning', code: 'binary-file', file: rel, message: 'skipped: looks binary (contains NUL bytes)' });
    return null;
  }
  try {
    return stripBom(utf8.decode(bytes));
  } catch {
    diagnostics.push({ level: 'warning', code: 'not-utf8', file: rel, message: 'not valid UTF-8; read with replacement characters' });
    return stripBom(lenient.decode(bytes));
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
