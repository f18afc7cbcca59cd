import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Outcome, RunOptions, RunResult } from './harness.js';

/** A file's content, or something that is not a plain file. */
export type Entry =
  | string
  | Buffer
  | { symlink: string }
  | { fifo: true }
  | { dir: true; mode?: number }
  | { content: string | Buffer; mode: number };

/** One hostile input inside a generated repository, and what archreview must say about it. */
export interface HostileCase {
  category: string;
  name: string;
  /** The root-relative file the case is about. */
  file?: string;
  /** A diagnostic naming `file` with one of these codes is expected. */
  codes?: string[];
  /** ...and its message must mention this (the limit's name). */
  mentions?: string;
}

/** One generated repository holding many cases, analyzed by one run. */
export interface Batch {
  id: string;
  /** Writes the repository into `root` (`outside` is a sibling folder the run must never read) and lists its cases. */
  build(root: string, outside: string): HostileCase[];
  options?: Partial<RunOptions>;
  /** Checks of this batch beyond the generic ones. */
  check?(run: RunResult, cases: HostileCase[], root: string, outside: string): Problem[];
}

/** A failed check: of the case named `name`, or of every case of the batch. */
export interface Problem {
  name?: string;
  outcome: Outcome;
  detail: string;
}

/** Writes entries in the order given (folders first, modes last, so a locked folder can still be filled). */
export function writeRepo(root: string, entries: Record<string, Entry>): void {
  const modes: [string, number][] = [];
  for (const [rel, entry] of Object.entries(entries)) {
    const abs = path.join(root, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    if (typeof entry === 'string' || Buffer.isBuffer(entry)) writeFileSync(abs, entry);
    else if ('symlink' in entry) symlinkSync(entry.symlink, abs);
    else if ('fifo' in entry) execFileSync('mkfifo', [abs]);
    else if ('dir' in entry) {
      mkdirSync(abs, { recursive: true });
      if (entry.mode !== undefined) modes.push([abs, entry.mode]);
    } else {
      writeFileSync(abs, entry.content);
      modes.push([abs, entry.mode]);
    }
  }
  // Deepest first, so locking a folder does not stop its files from being locked.
  for (const [abs, mode] of modes.sort(([a], [b]) => b.length - a.length)) chmodSync(abs, mode);
}

/** Kubernetes header that makes the plain-YAML reader parse a file. */
export function k8sHeader(name: string, kind = 'ConfigMap'): string {
  return `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n`;
}

/** A small valid compose service, for folders that need a project around the hostile part. */
export function composeService(name = 'web', extra = ''): string {
  return `services:\n  ${name}:\n    image: nginx:1.25\n${extra}`;
}

/** Deterministic pseudo-random bytes. */
export function noise(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = state & 0xff;
  }
  return out;
}
