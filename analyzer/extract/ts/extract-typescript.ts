import { isTestOrGenerated, readText, type FileRef } from '../../discover/index.js';
import type { Diagnostic, Fact } from '../../types/index.js';
import { scanSuppressions } from '../suppressions.js';
import { isBrowserCode } from './browser-code.js';
import { DETECTORS } from './detectors/index.js';
import { isTypeScriptOrJavaScript, parseSource } from './parse-source.js';
import { readPreloads } from './preloads.js';
import { localModulePredicate, readProjectInfo, type ProjectInfo } from './project-files.js';
import { walkFile } from './walker.js';

const MAX_SOURCE_BYTES = 1024 * 1024;

export interface TypeScriptExtraction {
  facts: Fact[];
  project: ProjectInfo;
}

/**
 * Extracts facts from every TypeScript and JavaScript file: one parse, one walk, the AST
 * dropped afterwards. Tests and generated code are skipped (they describe no runtime
 * dependency). A file with syntax errors is still walked as far as the parser recovered.
 */
export function extractTypeScript(files: readonly FileRef[], read: (rel: string) => string | null, diagnostics: Diagnostic[]): TypeScriptExtraction {
  const project = readProjectInfo(files, read, diagnostics);
  const isLocalModule = localModulePredicate(project);
  const facts: Fact[] = [
    {
      kind: 'module-map',
      file: '',
      library: 'typescript',
      packages: Object.fromEntries([...project.packageDirs].sort(([a], [b]) => (a < b ? -1 : 1))),
      aliases: project.pathAliases,
    },
    ...readPreloads(files, read),
  ];
  for (const file of files) {
    if (file.category !== 'source' || !isTypeScriptOrJavaScript(file.path) || isTestOrGenerated(file.path)) continue;
    if (file.size > MAX_SOURCE_BYTES) {
      diagnostics.push({ level: 'info', code: 'file-too-large', file: file.path, message: `not parsed: ${file.size} bytes is over the ${MAX_SOURCE_BYTES}-byte limit for source files` });
      continue;
    }
    const text = readText(file.abs, file.path, diagnostics, MAX_SOURCE_BYTES);
    if (text === null) continue;
    facts.push(...scanSuppressions(file.path, text));
    try {
      const { sourceFile, syntaxError } = parseSource(text, file.path);
      if (syntaxError) {
        diagnostics.push({ level: 'warning', code: 'syntax-error', file: file.path, line: syntaxError.line, message: `syntax error: ${syntaxError.message}; read as far as the parser recovered` });
      }
      const walked = walkFile({ file: file.path, sf: sourceFile, detectors: DETECTORS, isLocalModule });
      facts.push({ kind: 'code-file', file: file.path, library: 'typescript', language: file.language ?? 'TypeScript', imports: walked.imports.sort(), browser: isBrowserCode(file.path, text, walked.imports) });
      facts.push(...walked.facts);
    } catch (error) {
      diagnostics.push({ level: 'error', code: 'extract-failed', file: file.path, message: `could not analyze this file: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return { facts, project };
}
