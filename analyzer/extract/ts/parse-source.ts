import { ts } from 'ts-morph';

const KINDS: Record<string, ts.ScriptKind> = {
  '.ts': ts.ScriptKind.TS,
  '.mts': ts.ScriptKind.TS,
  '.cts': ts.ScriptKind.TS,
  '.tsx': ts.ScriptKind.TSX,
  '.js': ts.ScriptKind.JS,
  '.mjs': ts.ScriptKind.JS,
  '.cjs': ts.ScriptKind.JS,
  '.jsx': ts.ScriptKind.JSX,
};

export function isTypeScriptOrJavaScript(file: string): boolean {
  const dot = file.lastIndexOf('.');
  return dot >= 0 && file.slice(dot) in KINDS && !file.endsWith('.d.ts');
}

export interface ParsedSource {
  sourceFile: ts.SourceFile;
  /** First syntax error, if the parser had to recover. */
  syntaxError: { line: number; message: string } | null;
}

/** Parses one file syntactically (no program, no type checker, no node_modules). */
export function parseSource(text: string, file: string): ParsedSource {
  const ext = file.slice(file.lastIndexOf('.'));
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, KINDS[ext] ?? ts.ScriptKind.TS);
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const first = diagnostics[0];
  const syntaxError = first
    ? { line: sourceFile.getLineAndCharacterOfPosition(first.start).line + 1, message: ts.flattenDiagnosticMessageText(first.messageText, ' ') }
    : null;
  return { sourceFile, syntaxError };
}

export { ts };

/**
 * The compiler's functions and enums as plain properties. ts-morph's `ts` (like the typescript
 * package itself) exposes every export through a getter, so each `ts.isIdentifier` or
 * `ts.SyntaxKind` on a hot path is a function call; the walk reads them millions of times.
 * Use `tsv` for values and `ts` for types.
 */
export const tsv: typeof ts = { ...ts };
