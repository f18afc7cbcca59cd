import { isTestOrGenerated, readText, type FileRef } from '../../discover/index.js';
import type { Diagnostic, Fact } from '../../types/index.js';
import { hashOf, type CacheStore } from '../cache-store.js';
import { scanSuppressions } from '../suppressions.js';
import { isBrowserCode } from './browser-code.js';
import { DETECTORS } from './detectors/index.js';
import { isTypeScriptOrJavaScript, parseSource } from './parse-source.js';
import { readPreloads } from './preloads.js';
import { extractFiles } from './parallel.js';
import { localModulePredicate, readProjectInfo, type ProjectInfo } from './project-files.js';
import type { Detector } from './detector.js';
import { astDeeperThan, bracketDepth } from './nesting.js';
import { walkFile } from './walker.js';

const MAX_SOURCE_BYTES = 1024 * 1024;
const PER_FILE_MS = 10_000;

/** The bounds of `limits` in archreview.yaml that apply here. */
export interface SourceLimits {
  maxSourceBytes: number;
  perFileMs: number;
  /** Threads that parse files (the main one included); default: the machine's cores, at most 4. */
  threads: number;
}

/**
 * Stack-safety bounds, not settings: the TypeScript parser recurses about fifteen frames per
 * bracket level and runs out of stack near 1,000 levels; the walker recurses several frames
 * per syntax node. Near the edge of the stack, whether a file overflows depends on the thread
 * (a worker has a larger stack) and on how far V8 has optimised the walker, so the syntax depth
 * allowed stays far below it: what is analysed then does not depend on the machine's state.
 */
const MAX_BRACKET_DEPTH = 400;
const MAX_AST_DEPTH = 500;

/** Thrown inside a walk that ran past `perFileMs`; the file's facts are dropped. */
class FileTimeLimit extends Error {}

/**
 * A detector that sees every call first and stops the walk once the file's time is up. The
 * clock is read every 256 calls; a file that stops yields no facts at all (never a partial
 * set), and a diagnostic says so.
 */
function timeLimit(perFileMs: number): Detector & { start(): void } {
  let deadline = 0;
  let calls = 0;
  return {
    id: 'time-limit',
    modules: [],
    always: true,
    start() {
      deadline = performance.now() + perFileMs;
      calls = 0;
    },
    visitCall() {
      if ((++calls & 255) === 0 && performance.now() > deadline) throw new FileTimeLimit();
    },
  };
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

export interface TypeScriptExtraction {
  facts: Fact[];
  project: ProjectInfo;
  /** False when a file's walk was stopped by the clock or the stack: a result that depends on the machine, not the files. */
  complete: boolean;
}

/** What one file yields: its facts and the diagnostics about it, in order. */
export interface FileExtraction {
  facts: Fact[];
  diagnostics: Diagnostic[];
}

/** A per-file cache: the store, and the content hash of a root-relative file (from the inventory). */
export interface ExtractionCache {
  store: CacheStore<FileExtraction>;
  contentHash(rel: string): string | undefined;
}

/**
 * Extracts facts from every TypeScript and JavaScript file: one parse, one walk, the AST
 * dropped afterwards. Tests and generated code are skipped (they describe no runtime
 * dependency). A file with syntax errors is still walked as far as the parser recovered.
 * With a cache, a file whose content, path and project layout (package names, path aliases)
 * are unchanged is not read again: its facts and diagnostics come from the previous run.
 */
export function extractTypeScript(
  files: readonly FileRef[],
  read: (rel: string) => string | null,
  diagnostics: Diagnostic[],
  limits: Partial<SourceLimits> = {},
  cache?: ExtractionCache,
): TypeScriptExtraction {
  const maxSourceBytes = limits.maxSourceBytes ?? MAX_SOURCE_BYTES;
  const perFileMs = limits.perFileMs ?? PER_FILE_MS;
  const project = readProjectInfo(files, read, diagnostics);
  const moduleMap: Fact = {
    kind: 'module-map',
    file: '',
    library: 'typescript',
    packages: Object.fromEntries([...project.packageDirs].sort(([a], [b]) => (a < b ? -1 : 1))),
    aliases: project.pathAliases,
  };
  const facts: Fact[] = [moduleMap, ...readPreloads(files, read)];
  const settings: ExtractorSettings = { maxSourceBytes, perFileMs, packageNames: [...project.packageNames].sort(), pathAliases: project.pathAliases };
  // What decides which imports are local: part of every file's cache key.
  const layout = JSON.stringify([settings.packageNames, settings.pathAliases]);
  // Per file in order: what it yields, from the cache or (null) still to extract.
  const slots: { file: FileRef; key: string | null; result: FileExtraction | null }[] = [];
  for (const file of files) {
    if (file.category !== 'source' || !isTypeScriptOrJavaScript(file.path) || isTestOrGenerated(file.path)) continue;
    if (file.size > maxSourceBytes) {
      slots.push({ file, key: null, result: { facts: [], diagnostics: [{ level: 'info', code: 'file-too-large', file: file.path, message: `not parsed: ${file.size} bytes is over the ${maxSourceBytes}-byte limit for source files (limits.maxSourceBytes)` }] } });
      continue;
    }
    const content = cache?.contentHash(file.path);
    const key = cache && content ? hashOf('ts', layout, file.path, file.language ?? '', String(maxSourceBytes), content) : null;
    slots.push({ file, key, result: (key && cache!.store.get(key)) || null });
  }
  const pending = slots.filter((slot) => !slot.result);
  const extracted = extractFiles(
    pending.map((slot) => slot.file),
    settings,
    limits.threads,
  ).results;
  pending.forEach((slot, i) => {
    const { extraction, complete } = extracted[i]!;
    slot.result = extraction;
    // A walk stopped by the clock depends on the machine's speed, not on the file: not kept.
    if (slot.key && complete) cache!.store.set(slot.key, extraction);
  });
  for (const slot of slots) {
    facts.push(...slot.result!.facts);
    diagnostics.push(...slot.result!.diagnostics);
  }
  return { facts, project, complete: extracted.every((result) => result.complete) };
}

/** What extracting one file needs besides the file: limits and the project layout (plain data, so a worker thread can have it). */
export interface ExtractorSettings {
  maxSourceBytes: number;
  perFileMs: number;
  packageNames: string[];
  pathAliases: ProjectInfo['pathAliases'];
}

export interface FileResult {
  extraction: FileExtraction;
  /** False when the walk was stopped by the clock (the result is then not cached). */
  complete: boolean;
}

/** An extractor of single files with these settings (one clock, one detector list). */
export function fileExtractor(settings: ExtractorSettings): (file: FileRef) => FileResult {
  const clock = timeLimit(settings.perFileMs);
  const detectors = [clock, ...DETECTORS];
  const isLocalModule = localModulePredicate({ packageNames: new Set(settings.packageNames), pathAliases: settings.pathAliases });
  return (file) => extractFile(file, settings.maxSourceBytes, settings.perFileMs, detectors, clock, isLocalModule);
}

function extractFile(
  file: FileRef,
  maxSourceBytes: number,
  perFileMs: number,
  detectors: Detector[],
  clock: ReturnType<typeof timeLimit>,
  isLocalModule: (specifier: string) => boolean,
): { extraction: FileExtraction; complete: boolean } {
  const facts: Fact[] = [];
  const diagnostics: Diagnostic[] = [];
  const done = (complete = true) => ({ extraction: { facts, diagnostics }, complete });
  const text = readText(file.abs, file.path, diagnostics, maxSourceBytes, 'limits.maxSourceBytes');
  if (text === null) return done();
  facts.push(...scanSuppressions(file.path, text));
  const tooDeep = { level: 'warning' as const, code: 'source-too-deep', file: file.path, message: `nested too deeply to parse safely (over ${MAX_BRACKET_DEPTH} brackets or ${MAX_AST_DEPTH} syntax levels); no facts from this file` };
  if (bracketDepth(text) > MAX_BRACKET_DEPTH) {
    diagnostics.push(tooDeep);
    return done();
  }
  try {
    const { sourceFile, syntaxError } = parseSource(text, file.path);
    if (astDeeperThan(sourceFile, MAX_AST_DEPTH)) {
      diagnostics.push(tooDeep);
      return done();
    }
    if (syntaxError) {
      diagnostics.push({ level: 'warning', code: 'syntax-error', file: file.path, line: syntaxError.line, message: `syntax error: ${syntaxError.message}; read as far as the parser recovered` });
    }
    clock.start();
    const walked = walkFile({ file: file.path, sf: sourceFile, detectors, isLocalModule });
    facts.push({ kind: 'code-file', file: file.path, library: 'typescript', language: file.language ?? 'TypeScript', imports: walked.imports.sort(), browser: isBrowserCode(file.path, text, walked.imports) });
    facts.push(...walked.facts);
  } catch (error) {
    if (error instanceof FileTimeLimit) {
      diagnostics.push({ level: 'warning', code: 'time-limit', file: file.path, message: `abandoned after ${perFileMs} ms (limits.perFileMs); no facts from this file` });
      return done(false);
    } else if (isStackOverflow(error)) {
      diagnostics.push({ level: 'warning', code: 'source-too-deep', file: file.path, message: 'nested too deeply to analyze (the parser ran out of stack); no facts from this file' });
      return done(false);
    } else {
      diagnostics.push({ level: 'error', code: 'extract-failed', file: file.path, message: `could not analyze this file: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return done();
}
