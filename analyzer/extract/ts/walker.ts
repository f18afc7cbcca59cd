import type { CallTarget, Fact } from '../../types/index.js';
import type { CallRef, Detector, LoopInfo, ScopeFrame, VisitContext } from './detector.js';
import { classifyLoop } from './loops.js';
import { bindPattern, Environment, moduleEnvironment } from './environment.js';
import { envVariableOf, evalNumber, evalString, objectProperties } from './evaluate.js';
import { ts, tsv } from './parse-source.js';
import { resolveRef, typeNameOf, unwrap, type ClassContext, type Ref, type RefContext } from './references.js';
import { evalValue } from './values.js';

const ITERATION_METHODS = new Set(['map', 'forEach', 'flatMap', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast', 'mapSeries', 'each']);
const MAX_ARGS = 4;

export interface WalkOptions {
  file: string;
  sf: ts.SourceFile;
  detectors: readonly Detector[];
  isLocalModule(specifier: string): boolean;
}

export interface WalkResult {
  facts: Fact[];
  imports: string[];
}

function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    tsv.isFunctionDeclaration(node) || tsv.isFunctionExpression(node) || tsv.isArrowFunction(node) || tsv.isMethodDeclaration(node) ||
    tsv.isConstructorDeclaration(node) || tsv.isGetAccessorDeclaration(node) || tsv.isSetAccessorDeclaration(node)
  );
}

function callKey(target: CallTarget): string {
  return `${target.module ?? ''}|${target.name}|${target.member ?? ''}`;
}

function isExported(node: ts.Node): boolean {
  const mods = tsv.canHaveModifiers(node) ? tsv.getModifiers(node) : undefined;
  return !!mods?.some((m) => m.kind === tsv.SyntaxKind.ExportKeyword);
}

/**
 * Walks one file's compiler nodes once: keeps the lexical environment (imports, constants,
 * parameters, class members), the enclosing function and loop depth, hands every call to the
 * detectors, and records the calls each function makes to code of this repository.
 */
export function walkFile(options: WalkOptions): WalkResult {
  const { file, sf } = options;
  const facts: Fact[] = [];
  const fnId = (name: string): string => `${file}#${name}`;
  const moduleScopeId = `${file}#`;
  const { env: moduleEnv, imports } = moduleEnvironment(sf, moduleScopeId, fnId);
  const detectors = options.detectors.filter((d) => d.always || d.modules.some((m) => imports.some((i) => i === m || i.startsWith(`${m}/`))));
  const line = (node: ts.Node): number => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const anonymousId = (node: ts.Node): string => {
    const pos = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    return fnId(`L${pos.line + 1}:${pos.character + 1}`);
  };
  const frames: ScopeFrame[] = [];
  const moduleFrame: ScopeFrame = { id: moduleScopeId, name: '', line: 1, params: [], calls: [], loopDepth: 0, iterates: false, loops: [] };
  let frame = moduleFrame;
  let env = moduleEnv;
  let klass: ClassContext | null = null;
  /** Members of the class being walked (methods of object literals inside it are not its methods). */
  let classMembers: ReadonlySet<ts.Node> | null = null;
  /** Walking an object literal passed to a call or held in an array: its functions are inline callbacks (route objects, options). */
  let inlineObject = false;
  /** The function the module exports as default (`export default function () {}`, `export default async (app) => {}`). */
  const defaultExport = defaultExportFunction(sf);
  let declaration: VisitContext['declaration'] = null;
  /** Name of the object literal being walked (`const usersClient = { getUser() {...} }`), for method scope ids. */
  let objectName: string | null = null;
  const envSeen = new Set<string>();
  const refContext = (): RefContext => ({ sf, env, klass });
  /** Callbacks a detector recorded a call to for the call being visited (run through a breaker or a retry policy): the walker does not record them again. */
  let claimedCallbacks: Set<string> | null = null;

  const targetFromRef = (ref: Ref | null): CallTarget | null => {
    if (!ref) return null;
    const { root, steps } = ref;
    // `new Service(...).method` (also through a constant) calls the class's method, like a typed instance does.
    const members = steps.filter((s, i) => !('instance' in s) && !(i === 0 && 'call' in s && tsv.isNewExpression(s.call)));
    const onlyProps = members.every((s) => 'prop' in s);
    if (!onlyProps || members.length > 1) return null;
    const member = members[0] && 'prop' in members[0] ? members[0].prop : undefined;
    if (root.kind === 'function' && !member) return { name: root.scopeId.slice(file.length + 1) };
    if (root.kind === 'class') return member ? { name: root.name, member } : null;
    if (root.kind === 'module' && options.isLocalModule(root.module)) return { module: root.module, name: root.name, ...(member ? { member } : {}) };
    return null;
  };

  const makeContext = (): VisitContext => {
    // Every detector looks at the same node in the same scope: what an expression refers to is
    // worked out once per node visited, not once per detector.
    const refs = refContext();
    const resolved = new Map<ts.Expression, Ref | null>();
    const resolve = (expr: ts.Expression): Ref | null => {
      let ref = resolved.get(expr);
      if (ref === undefined) {
        ref = resolveRef(expr, refs);
        resolved.set(expr, ref);
      }
      return ref;
    };
    return {
      file,
      sf,
      refs,
      scope: frame,
      inLoop: inLoop(),
      retry: retryLoop(),
      declaration,
      line,
      text: (node) => node.getText(sf),
      resolve,
      str: (expr) => (expr ? evalString(expr, refContext()) : null),
      num: (expr) => evalNumber(expr, refContext()),
      props: (expr) => objectProperties(expr, refContext()),
      scopeIdOf: (fn) => scopeIdFor(fn, undefined),
      targetOf: (expr) => {
        const e = unwrap(expr);
        if (isFunctionLike(e)) return scopeIdFor(e, undefined);
        const target = targetFromRef(resolve(e));
        if (target && !target.module && !target.member) return fnId(target.name);
        return target;
      },
      emit: (fact) => facts.push(fact),
      addCall: (call) => frame.calls.push(call),
      isLocalModule: options.isLocalModule,
    };
  };

  /** Inside a loop over items: an iteration or polling loop of this scope, or an iteration callback. */
  function inLoop(): boolean {
    return frame.iterates || frame.loops.some((l: LoopInfo) => l.kind !== 'retry');
  }

  function retryLoop(): { attempts: number | null; backoff: boolean } | null {
    for (let i = frame.loops.length - 1; i >= 0; i--) {
      const l = frame.loops[i]!;
      if (l.kind === 'retry') return { attempts: l.attempts, backoff: l.backoff };
    }
    return null;
  }

  function scopeIdFor(fn: ts.Node, hint: string | undefined): string {
    if (tsv.isFunctionDeclaration(fn) && fn.name) return fnId(frame === moduleFrame ? fn.name.text : `${frame.name}.${fn.name.text}`);
    if (hint) return fnId(hint);
    if (fn === defaultExport) return fnId('default');
    const member = classMembers?.has(fn) ?? false;
    if ((tsv.isMethodDeclaration(fn) || tsv.isGetAccessorDeclaration(fn) || tsv.isSetAccessorDeclaration(fn)) && klass && member) {
      const name = tsv.isIdentifier(fn.name) || tsv.isStringLiteral(fn.name) ? fn.name.text : 'computed';
      return fnId(`${klass.name}.${name}`);
    }
    if (tsv.isConstructorDeclaration(fn) && klass) return fnId(`${klass.name}.constructor`);
    if (hint) return fnId(hint);
    return anonymousId(fn);
  }

  function enterFunction(fn: ts.FunctionLikeDeclaration, hint: string | undefined, iterates: boolean, inline = false): void {
    const id = scopeIdFor(fn, hint);
    const anonymous =
      inline ||
      (!hint && fn !== defaultExport && !(tsv.isFunctionDeclaration(fn) && fn.name) && !tsv.isMethodDeclaration(fn) && !tsv.isConstructorDeclaration(fn) && !tsv.isGetAccessorDeclaration(fn) && !tsv.isSetAccessorDeclaration(fn));
    if (anonymous && !claimedCallbacks?.has(callKey({ name: id.slice(file.length + 1) }))) {
      // An inline callback runs as part of the function that passes it.
      const retry = retryLoop();
      frame.calls.push({ target: { name: id.slice(file.length + 1) }, line: line(fn), inLoop: inLoop() || iterates, args: [], ...(retry ? { retry } : {}) });
    }
    const saved = { frame, env, declaration, objectName, inlineObject };
    objectName = null;
    inlineObject = false;
    const params = fn.parameters.map((p) => (tsv.isIdentifier(p.name) ? p.name.text : '{}'));
    frame = { id, name: id.slice(file.length + 1), line: line(fn), params, calls: [], loopDepth: 0, iterates: false, loops: [] };
    frames.push(frame);
    env = env.child();
    declaration = null;
    fn.parameters.forEach((p, index) => {
      if (tsv.isIdentifier(p.name)) env.set(p.name.text, { kind: 'param', index, typeName: typeNameOf(p.type), scopeId: id });
      else bindPattern(env, p.name, undefined, id);
    });
    if (fn.body) visit(fn.body);
    frame = saved.frame;
    env = saved.env;
    declaration = saved.declaration;
    objectName = saved.objectName;
    inlineObject = saved.inlineObject;
  }

  function enterClass(node: ts.ClassLikeDeclaration): void {
    const name = node.name?.text ?? `Class${line(node)}`;
    const members = new Map<string, { typeName?: string; init?: ts.Expression }>();
    for (const member of node.members) {
      if (tsv.isPropertyDeclaration(member) && tsv.isIdentifier(member.name)) {
        members.set(member.name.text, { typeName: typeNameOf(member.type), init: member.initializer });
      } else if (tsv.isConstructorDeclaration(member)) {
        for (const p of member.parameters) {
          const mods = tsv.getModifiers(p) ?? [];
          if (tsv.isIdentifier(p.name) && mods.length) members.set(p.name.text, { typeName: typeNameOf(p.type), init: p.initializer });
        }
      }
    }
    const saved = { klass, classMembers, objectName, inlineObject };
    klass = { name, members };
    classMembers = new Set(node.members);
    objectName = null;
    inlineObject = false;
    if (detectors.some((d) => d.visitClass)) {
      const ctx = makeContext();
      for (const detector of detectors) detector.visitClass?.(node, ctx);
    }
    for (const member of node.members) visit(member);
    klass = saved.klass;
    classMembers = saved.classMembers;
    objectName = saved.objectName;
    inlineObject = saved.inlineObject;
  }

  function visitCall(node: ts.CallExpression | ts.NewExpression): void {
    const ctx = makeContext();
    const before = frame.calls.length;
    for (const detector of detectors) detector.visitCall(node, ctx);
    // Calls detectors recorded for this node (with a breaker, a retry policy, a timeout) replace the walker's plain record of them.
    const claimed = new Set(frame.calls.slice(before).map((c) => callKey(c.target)));
    if (tsv.isCallExpression(node)) {
      const target = targetFromRef(ctx.resolve(node.expression));
      if (target && !claimed.has(callKey(target))) {
        const args = node.arguments.slice(0, MAX_ARGS).map((a) => evalValue(a, refContext(), { functions: true }));
        frame.calls.push({ target, line: line(node), inLoop: ctx.inLoop, args, ...(ctx.retry ? { retry: ctx.retry } : {}) });
      }
    }
    // A named function passed as an argument is called back by the callee (a handler, a consumer).
    for (const arg of node.arguments ?? []) {
      const a = unwrap(arg);
      if (!tsv.isIdentifier(a) && !tsv.isPropertyAccessExpression(a)) continue;
      const ref = ctx.resolve(a);
      if (!ref || ref.steps.length || (ref.root.kind !== 'function' && ref.root.kind !== 'module')) continue;
      const callback = targetFromRef(ref);
      if (callback && !claimed.has(callKey(callback))) frame.calls.push({ target: callback, line: line(arg), inLoop: inLoop(), args: [] });
    }
    declaration = null;
    visit(node.expression);
    const iterates = tsv.isCallExpression(node) && tsv.isPropertyAccessExpression(node.expression) && ITERATION_METHODS.has(node.expression.name.text);
    const savedClaims = claimedCallbacks;
    claimedCallbacks = claimed;
    for (const arg of node.arguments ?? []) {
      const a = unwrap(arg);
      if (isFunctionLike(a)) enterFunction(a, undefined, iterates);
      else visitInline(arg, tsv.isObjectLiteralExpression(a) || tsv.isArrayLiteralExpression(a));
    }
    claimedCallbacks = savedClaims;
  }

  function visitInline(node: ts.Node, inline: boolean): void {
    const saved = inlineObject;
    inlineObject = inline;
    visit(node);
    inlineObject = saved;
  }

  function visit(node: ts.Node): void {
    if (tsv.isMethodDeclaration(node) && inlineObject && !classMembers?.has(node)) {
      enterFunction(node, undefined, false, true);
      return;
    }
    if (tsv.isMethodDeclaration(node) && objectName && (tsv.isIdentifier(node.name) || tsv.isStringLiteral(node.name))) {
      enterFunction(node, `${objectName}.${node.name.text}`, false);
      return;
    }
    if (tsv.isArrayLiteralExpression(node)) {
      for (const element of node.elements) visitInline(element, true);
      return;
    }
    if (tsv.isExportAssignment(node) && tsv.isObjectLiteralExpression(unwrap(node.expression))) {
      // export default { name, register(server) {...} }: methods are `default.register`.
      const saved = { objectName, inlineObject };
      objectName = 'default';
      inlineObject = false;
      visit(node.expression);
      objectName = saved.objectName;
      inlineObject = saved.inlineObject;
      return;
    }
    if (isFunctionLike(node)) {
      enterFunction(node, undefined, false);
      return;
    }
    if (tsv.isClassDeclaration(node) || tsv.isClassExpression(node)) {
      enterClass(node);
      return;
    }
    if (tsv.isVariableDeclaration(node)) {
      const init = node.initializer;
      if (tsv.isIdentifier(node.name) && init) {
        const fn = unwrap(init);
        if (isFunctionLike(fn)) {
          const name = frame === moduleFrame ? node.name.text : `${frame.name}.${node.name.text}`;
          if (frame !== moduleFrame) env.set(node.name.text, { kind: 'function', scopeId: fnId(name), node: fn });
          enterFunction(fn, name, false);
          return;
        }
      }
      if (frame !== moduleFrame) bindPattern(env, node.name, init, frame.id);
      if (init && tsv.isIdentifier(node.name) && tsv.isObjectLiteralExpression(unwrap(init))) {
        const saved = { objectName, inlineObject };
        objectName = frame === moduleFrame ? node.name.text : `${frame.name}.${node.name.text}`;
        inlineObject = false;
        visit(init);
        objectName = saved.objectName;
        inlineObject = saved.inlineObject;
        return;
      }
      if (init) {
        const inner = unwrap(init);
        const statement = node.parent?.parent;
        declaration =
          tsv.isIdentifier(node.name) && (tsv.isCallExpression(inner) || tsv.isNewExpression(inner))
            ? { name: node.name.text, exported: statement ? isExported(statement) : false, topLevel: frame === moduleFrame, declaredIn: frame.id }
            : null;
        visit(init);
        declaration = null;
      }
      return;
    }
    if (tsv.isPropertyAssignment(node) && isFunctionLike(unwrap(node.initializer)) && inlineObject) {
      enterFunction(unwrap(node.initializer) as ts.FunctionLikeDeclaration, undefined, false, true);
      return;
    }
    if (tsv.isPropertyAssignment(node) && isFunctionLike(unwrap(node.initializer)) && (tsv.isIdentifier(node.name) || tsv.isStringLiteral(node.name))) {
      enterFunction(unwrap(node.initializer) as ts.FunctionLikeDeclaration, `${objectName ?? frame.name}${objectName ?? frame.name ? '.' : ''}${node.name.text}`, false);
      return;
    }

    if (tsv.isCallExpression(node) || tsv.isNewExpression(node)) {
      visitCall(node);
      return;
    }
    if (tsv.isForStatement(node) || tsv.isForOfStatement(node) || tsv.isForInStatement(node) || tsv.isWhileStatement(node) || tsv.isDoStatement(node)) {
      frame.loopDepth++;
      frame.loops.push(classifyLoop(node, refContext()));
      tsv.forEachChild(node, visit);
      frame.loops.pop();
      frame.loopDepth--;
      return;
    }
    if (tsv.isPropertyAccessExpression(node) || tsv.isElementAccessExpression(node)) {
      const name = envVariableOf(node);
      if (name) {
        const key = `${frame.id}|${name}`;
        if (!envSeen.has(key)) {
          envSeen.add(key);
          facts.push({ kind: 'env-read', file, line: line(node), library: 'node', scope: frame.id, name });
        }
        return;
      }
    }
    tsv.forEachChild(node, visit);
  }

  if (detectors.some((d) => d.visitFile)) {
    const ctx = makeContext();
    for (const detector of detectors) detector.visitFile?.(ctx);
  }
  // Variable statements at the top level carry `export`; give declarations their parent for that check.
  for (const stmt of sf.statements) {
    if (tsv.isVariableStatement(stmt)) for (const d of stmt.declarationList.declarations) (d as { parent?: ts.Node }).parent ??= stmt.declarationList;
    if (tsv.isVariableStatement(stmt)) (stmt.declarationList as { parent?: ts.Node }).parent ??= stmt;
    visit(stmt);
  }
  emitModuleValues(sf, file, refContext(), facts);
  const alias = defaultExportAlias(sf, refContext(), (expr) => targetFromRef(resolveRef(expr, refContext())), (fn) => scopeIdFor(fn, undefined));
  if (alias) facts.push({ kind: 'code-scope', file, line: alias.line, library: 'code', scope: fnId('default'), name: 'default', params: alias.params, calls: [{ target: alias.target, line: alias.line, inLoop: false, args: alias.params.map((_, i) => [{ param: i, fn: fnId('default') }]) }] });
  for (const f of [moduleFrame, ...frames]) {
    if (!f.calls.length) continue;
    facts.push({ kind: 'code-scope', file, line: f.line, library: 'code', scope: f.id, name: f.name, params: f.params, calls: f.calls });
  }
  return { facts, imports };
}

/** Top-level constants whose value is text or an object of texts, for other modules that import them. */
function emitModuleValues(sf: ts.SourceFile, file: string, ctx: RefContext, facts: Fact[]): void {
  const emit = (name: string, path: string[], expr: ts.Expression, depth: number, line: number): void => {
    const inner = unwrap(expr);
    const frozen = tsv.isCallExpression(inner) && tsv.isPropertyAccessExpression(inner.expression) && inner.expression.getText(sf) === 'Object.freeze';
    if (tsv.isObjectLiteralExpression(inner) || frozen) {
      if (depth >= 2) return;
      for (const [key, value] of objectProperties(inner, ctx)) emit(name, [...path, key], value, depth + 1, line);
      return;
    }
    const value = evalValue(inner, ctx);
    if (!value || value.every((p) => 'unknown' in p)) return;
    facts.push({ kind: 'module-value', file, line, library: 'code', name, path, value });
  };
  for (const stmt of sf.statements) {
    if (!tsv.isVariableStatement(stmt)) continue;
    for (const decl of stmt.declarationList.declarations) {
      if (!tsv.isIdentifier(decl.name) || !decl.initializer) continue;
      const init = unwrap(decl.initializer);
      if (tsv.isArrowFunction(init) || tsv.isFunctionExpression(init) || tsv.isClassExpression(init)) continue;
      emit(decl.name.text, [], decl.initializer, 0, sf.getLineAndCharacterOfPosition(decl.getStart(sf)).line + 1);
    }
  }
}

function hasDefaultModifier(node: ts.Node): boolean {
  const mods = tsv.canHaveModifiers(node) ? tsv.getModifiers(node) : undefined;
  return !!mods?.some((m) => m.kind === tsv.SyntaxKind.DefaultKeyword);
}

/** `module.exports = <expr>` → expr. */
function commonJsExport(stmt: ts.Statement): ts.Expression | null {
  if (!tsv.isExpressionStatement(stmt) || !tsv.isBinaryExpression(stmt.expression) || stmt.expression.operatorToken.kind !== tsv.SyntaxKind.EqualsToken) return null;
  const left = stmt.expression.left;
  if (!tsv.isPropertyAccessExpression(left) || left.name.text !== 'exports' || !tsv.isIdentifier(left.expression) || left.expression.text !== 'module') return null;
  return stmt.expression.right;
}

/** The unnamed function a module exports as default: its scope id is `file#default`. */
function defaultExportFunction(sf: ts.SourceFile): ts.Node | null {
  for (const stmt of sf.statements) {
    if (tsv.isFunctionDeclaration(stmt) && !stmt.name && hasDefaultModifier(stmt)) return stmt;
    const exported = tsv.isExportAssignment(stmt) ? stmt.expression : commonJsExport(stmt);
    if (exported && isFunctionLike(unwrap(exported))) return unwrap(exported);
  }
  return null;
}

/**
 * What `import x from './m'` (or `require('./m')`) names when the module's default export is a
 * named function, a variable or a wrapped function (`export default fp(plugin)`): an alias
 * scope `file#default` that calls it, so call paths and router mounts follow default imports.
 */
function defaultExportAlias(
  sf: ts.SourceFile,
  ctx: RefContext,
  targetOf: (expr: ts.Expression) => CallTarget | null,
  scopeIdOf: (fn: ts.Node) => string,
): { line: number; target: CallTarget; params: string[] } | null {
  const line = (node: ts.Node): number => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const paramsOf = (fn: ts.SignatureDeclaration | undefined): string[] => (fn ? fn.parameters.map((p) => (tsv.isIdentifier(p.name) ? p.name.text : '{}')) : []);
  const aliasOf = (expr: ts.Expression, at: number): { line: number; target: CallTarget; params: string[] } | null => {
    const e = unwrap(expr);
    if (tsv.isIdentifier(e)) {
      const binding = ctx.env.lookup(e.text);
      const target = targetOf(e) ?? (binding && binding.kind !== 'import' ? { name: e.text } : null);
      return target ? { line: at, target, params: binding?.kind === 'function' ? paramsOf(binding.node) : [] } : null;
    }
    if (tsv.isCallExpression(e)) {
      // A wrapper (`fp(plugin)`, `withAuth(handler)`) calls the function it wraps.
      for (const arg of e.arguments) {
        const a = unwrap(arg);
        if (isFunctionLike(a)) return { line: at, target: { name: scopeIdOf(a).slice(sf.fileName.length + 1) }, params: paramsOf(a) };
        const inner = tsv.isIdentifier(a) ? aliasOf(a, at) : null;
        if (inner) return inner;
      }
    }
    return null;
  };
  for (const stmt of sf.statements) {
    if (tsv.isFunctionDeclaration(stmt) && stmt.name && hasDefaultModifier(stmt)) return { line: line(stmt), target: { name: stmt.name.text }, params: paramsOf(stmt) };
    const exported = tsv.isExportAssignment(stmt) ? stmt.expression : commonJsExport(stmt);
    if (exported && !isFunctionLike(unwrap(exported))) return aliasOf(exported, line(stmt));
    if (tsv.isExportDeclaration(stmt) && !stmt.moduleSpecifier && stmt.exportClause && tsv.isNamedExports(stmt.exportClause)) {
      const element = stmt.exportClause.elements.find((el) => el.name.text === 'default' && el.propertyName);
      if (element?.propertyName && tsv.isIdentifier(element.propertyName)) return aliasOf(element.propertyName, line(stmt));
    }
  }
  return null;
}
