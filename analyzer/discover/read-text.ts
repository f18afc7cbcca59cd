import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Diagnostic } from '../types/index.js';

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/**
 * Reads a repository file as text. Files that are too large, binary (a NUL byte), not
 * regular files (a named pipe, a socket, a device: reading one could block forever) or
 * unreadable become a diagnostic and null; text that is not UTF-8 is decoded leniently
 * with a diagnostic, so one odd byte does not lose the whole file. The size is checked on
 * the open file before reading, and no more than `maxBytes` + 1 bytes are ever read.
 */
export function readText(abs: string, rel: string, diagnostics: Diagnostic[], maxBytes = DEFAULT_MAX_FILE_BYTES, limitName = 'limits.maxFileBytes'): string | null {
  let bytes: Buffer;
  let fd: number | undefined;
  try {
    // O_NONBLOCK: opening a FIFO without a writer returns at once instead of waiting.
    fd = openSync(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      diagnostics.push({ level: 'warning', code: 'not-a-file', file: rel, message: 'skipped: not a regular file (a folder, pipe, socket or device)' });
      return null;
    }
    if (stat.size > maxBytes) {
      diagnostics.push(tooLarge(rel, stat.size, maxBytes, limitName));
      return null;
    }
    bytes = readAtMost(fd, maxBytes + 1);
  } catch (error) {
    diagnostics.push({ level: 'warning', code: 'unreadable-file', file: rel, message: `cannot read file: ${errorCode(error)}` });
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (bytes.length > maxBytes) {
    // The file grew after it was measured.
    diagnostics.push(tooLarge(rel, bytes.length, maxBytes, limitName));
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

function tooLarge(rel: string, size: number, maxBytes: number, limitName: string): Diagnostic {
  return { level: 'warning', code: 'file-too-large', file: rel, message: `skipped: ${size} bytes is over the ${maxBytes}-byte limit (${limitName})` };
}

function readAtMost(fd: number, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, limit - total));
    if (!chunk.length) break;
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n <= 0) break;
    chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    total += n;
    if (total >= limit) break;
  }
  return Buffer.concat(chunks, total);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
