import type { CallTarget, CodeScopeFact, Fact, SymString } from '../../types/index.js';
import type { ts } from './parse-source.js';
import type { Ref, RefContext } from './references.js';

export type CallRef = CodeScopeFact['calls'][number];

/** The function (or module body) being walked. */
export interface ScopeFrame {
  id: string;
  name: string;
  line: number;
  params: string[];
  calls: CallRef[];
  loopDepth: number;
  /** Calls anywhere in this scope run once per item (an iteration callback). */
  iterates: boolean;
  /** Enclosing loops of this scope, innermost last. */
  loops: LoopInfo[];
}

/** A loop around a call: iterating over items, retrying, or something else (polling). */
export interface LoopInfo {
  kind: 'iteration' | 'retry' | 'other';
  /** For retry loops: the attempt limit when known, and whether the wait between attempts grows. */
  attempts: number | null;
  backoff: boolean;
}

/** Where a call sits and what the walker knows around it; handed to every detector. */
export interface VisitContext {
  file: string;
  sf: ts.SourceFile;
  refs: RefContext;
  scope: ScopeFrame;
  /** Inside a loop over items (or an iteration callback) of this scope; retry loops do not count. */
  inLoop: boolean;
  /** The innermost enclosing retry loop, if any. */
  retry: { attempts: number | null; backoff: boolean } | null;
  /** Set when the call is the whole initialiser of `const name = ...`. */
  declaration: { name: string; exported: boolean; topLevel: boolean; declaredIn: string } | null;
  line(node: ts.Node): number;
  text(node: ts.Node): string;
  resolve(expr: ts.Expression): Ref | null;
  str(expr: ts.Expression | undefined): SymString | null;
  num(expr: ts.Expression | undefined): number | null;
  props(expr: ts.Expression | undefined): Map<string, ts.Expression>;
  /** Scope id the walker gives a function node (for handlers passed inline). */
  scopeIdOf(fn: ts.Node): string;
  /** A call target for a function reference (local or imported), or null. */
  targetOf(expr: ts.Expression): CallTarget | string | null;
  emit(fact: Fact): void;
  addCall(call: CallRef): void;
  /** Files whose module specifier is part of this repository (relative, path alias, workspace package). */
  isLocalModule(specifier: string): boolean;
}

/**
 * A detector knows one library family. It runs on files that import one of its `modules`
 * (or on every file when `always`), sees every call and `new` expression, and emits facts.
 */
export interface Detector {
  id: string;
  modules: readonly string[];
  always?: boolean;
  visitCall(node: ts.CallExpression | ts.NewExpression, ctx: VisitContext): void;
  /** Classes (with their decorators), before their members are walked. */
  visitClass?(node: ts.ClassLikeDeclaration, ctx: VisitContext): void;
  /** Once per file, before the walk: for conventions tied to the file itself (file-based routing). */
  visitFile?(ctx: VisitContext): void;
}
