import type { SymString } from '../../../types/index.js';
import type { BrokerClientFact, BrokerKind } from '../../../types/messaging-facts.js';
import type { VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap, type Ref } from '../references.js';
import { evalValue } from '../values.js';

/** Where a fact sits: file, line and scope of the call. */
export function site(ctx: VisitContext, node: ts.Node): { file: string; line: number; scope: string } {
  return { file: ctx.file, line: ctx.line(node), scope: ctx.scope.id };
}

/** The method a call invokes (`x.publish(...)` → `publish`), or null for a plain call. */
export function methodOf(node: ts.CallExpression | ts.NewExpression): string | null {
  const callee = unwrap(node.expression);
  return tsv.isPropertyAccessExpression(callee) ? callee.name.text : null;
}

/** A symbolic string, or `{ unknown }` with the expression's text when it has none. */
export function strOr(ctx: VisitContext, expr: ts.Expression | undefined, what: string): SymString {
  return (expr && ctx.str(expr)) || [{ unknown: expr ? ctx.text(expr).slice(0, 60) : what }];
}

/** An instance exported by a module of this repository: `producer.send(...)` with `import { producer } from './kafka.js'`. */
export function localInstance(ctx: VisitContext, ref: Ref | null): { module: string; name: string } | null {
  if (!ref || ref.root.kind !== 'module' || !ctx.isLocalModule(ref.root.module)) return null;
  const first = ref.steps[0];
  // `producer.send(...)`, `pubsub.topic('orders').publishMessage(...)`, `ns.producer.send(...)` with `import * as ns`.
  if (ref.root.name === '*') return first && 'prop' in first && ref.steps.length >= 2 ? { module: ref.root.module, name: first.prop } : null;
  if (ref.root.name === 'default' || !first || !('prop' in first)) return null;
  return { module: ref.root.module, name: ref.root.name };
}

/**
 * A function passed as a message handler, as a value the link stage can follow: an inline
 * function or a local one (`{ scope }`), an imported one (`{ ref }`), a method (`this.handle`)
 * or a parameter of the enclosing function (filled in from the call path).
 */
export function functionValue(ctx: VisitContext, expression: ts.Expression | undefined): SymString | null {
  if (!expression) return null;
  let expr = unwrap(expression);
  // this.handle.bind(this)
  if (tsv.isCallExpression(expr) && tsv.isPropertyAccessExpression(expr.expression) && expr.expression.name.text === 'bind') expr = unwrap(expr.expression.expression);
  if (tsv.isArrowFunction(expr) || tsv.isFunctionExpression(expr) || tsv.isMethodDeclaration(expr)) return [{ scope: ctx.scopeIdOf(expr) }];
  const target = ctx.targetOf(expr);
  if (typeof target === 'string') return [{ scope: target }];
  if (target && !target.module) return [{ scope: `${ctx.file}#${target.name}${target.member ? `.${target.member}` : ''}` }];
  if (target?.module) return [{ ref: { module: target.module, name: target.name, path: target.member ? [target.member] : [], from: ctx.file } }];
  const value = ctx.str(expr);
  return value && value.length === 1 && 'param' in value[0]! ? value : null;
}

/** Identity of the object a method is called on, so calls on one consumer can be put together. */
export function clientId(ctx: VisitContext, receiver: ts.Expression): string | null {
  const e = unwrap(receiver);
  if (tsv.isIdentifier(e)) {
    const binding = ctx.refs.env.lookup(e.text);
    if (binding?.kind === 'value') return `${binding.declaredIn}:${e.text}`;
    if (binding?.kind === 'param') return `${binding.scopeId ?? ctx.scope.id}:param${binding.index}`;
    if (binding?.kind === 'import') return `${binding.module}:${binding.name}`;
    return null;
  }
  if (tsv.isPropertyAccessExpression(e) && e.expression.kind === tsv.SyntaxKind.ThisKeyword && ctx.refs.klass) return `${ctx.file}#${ctx.refs.klass.name}.${e.name.text}`;
  return null;
}

/** The object a method is called on: `producer` in `producer.send(...)`. */
export function receiverOf(node: ts.CallExpression | ts.NewExpression): ts.Expression | null {
  const callee = unwrap(node.expression);
  return tsv.isPropertyAccessExpression(callee) ? callee.expression : null;
}

/** `export const producer = kafka.producer()`: a library object other modules call. */
export function clientFact(ctx: VisitContext, node: ts.Node, broker: BrokerKind, role: BrokerClientFact['role'], channel: SymString | null): BrokerClientFact | null {
  if (!ctx.declaration?.topLevel) return null;
  return { kind: 'broker-client', file: ctx.file, line: ctx.line(node), library: libraryOf(broker), name: ctx.declaration.name, exported: ctx.declaration.exported, broker, role, channel };
}

const LIBRARY: Record<BrokerKind, string> = { rabbitmq: 'amqplib', kafka: 'kafkajs', nats: 'nats', redis: 'ioredis', bullmq: 'bullmq', sqs: '@aws-sdk/client-sqs', sns: '@aws-sdk/client-sns', pubsub: '@google-cloud/pubsub', mqtt: 'mqtt' };
function libraryOf(broker: BrokerKind): string {
  return LIBRARY[broker];
}

/**
 * Parameters of the enclosing functions a payload is built from: `JSON.stringify(envelope)`
 * with `const envelope = { type, data }` gives the parameters `type` and `data` came in as.
 */
export function payloadSources(ctx: VisitContext, expression: ts.Expression | undefined): SymString[] {
  const out = new Map<string, SymString>();
  const seen = new Set<ts.Node>();
  const visit = (node: ts.Node, depth: number): void => {
    if (depth > 6 || seen.has(node) || out.size > 8) return;
    seen.add(node);
    if (tsv.isIdentifier(node)) {
      const binding = ctx.refs.env.lookup(node.text);
      if (binding?.kind === 'param') {
        const part = { param: binding.index, ...(binding.scopeId ? { fn: binding.scopeId } : {}) };
        out.set(`${part.fn}:${part.param}`, [part]);
      } else if (binding?.kind === 'value') visit(binding.init, depth + 1);
      return;
    }
    if (tsv.isShorthandPropertyAssignment(node)) return visit(node.name, depth);
    if (tsv.isPropertyAccessExpression(node)) return visit(node.expression, depth);
    if (tsv.isArrowFunction(node) || tsv.isFunctionExpression(node)) return;
    tsv.forEachChild(node, (child) => visit(child, depth));
  };
  if (expression) visit(expression, 0);
  return [...out.values()];
}

/** The value a loop variable takes: `key` in `for (const key of routingKeys)` or `keys.forEach((key) => ...)` is each element of `routingKeys`. */
export function loopValue(ctx: VisitContext, expression: ts.Expression | undefined): SymString | null {
  if (!expression) return null;
  const expr = unwrap(expression);
  if (!tsv.isIdentifier(expr)) return null;
  const binding = ctx.refs.env.lookup(expr.text);
  if (binding && binding.kind !== 'opaque' && binding.kind !== 'param') return null;
  const pos = expr.getStart(ctx.sf);
  const loop = loopsOf(ctx.sf)
    .filter((l) => l.name === expr.text && l.pos <= pos && pos < l.end)
    .sort((a, b) => b.pos - a.pos)[0];
  return loop ? evalValue(loop.iterated, ctx.refs) : null;
}

interface LoopVariable {
  name: string;
  pos: number;
  end: number;
  iterated: ts.Expression;
}

const loopCache = new WeakMap<ts.SourceFile, LoopVariable[]>();

/** Every for-of loop and iteration callback of a file with the variable it declares (read once per file, when asked). */
function loopsOf(sf: ts.SourceFile): LoopVariable[] {
  const cached = loopCache.get(sf);
  if (cached) return cached;
  const out: LoopVariable[] = [];
  const visit = (node: ts.Node): void => {
    if (tsv.isForOfStatement(node) && tsv.isVariableDeclarationList(node.initializer)) {
      const decl = node.initializer.declarations[0];
      if (decl && tsv.isIdentifier(decl.name)) out.push({ name: decl.name.text, pos: node.statement.getStart(sf), end: node.statement.end, iterated: node.expression });
    } else if (tsv.isCallExpression(node) && tsv.isPropertyAccessExpression(node.expression) && ['forEach', 'map', 'flatMap'].includes(node.expression.name.text)) {
      const fn = node.arguments[0] && unwrap(node.arguments[0]);
      const param = fn && (tsv.isArrowFunction(fn) || tsv.isFunctionExpression(fn)) ? fn.parameters[0] : undefined;
      if (fn && param && tsv.isIdentifier(param.name)) out.push({ name: param.name.text, pos: fn.getStart(sf), end: fn.end, iterated: node.expression.expression });
    }
    tsv.forEachChild(node, visit);
  };
  visit(sf);
  loopCache.set(sf, out);
  return out;
}

const importCache = new WeakMap<ts.SourceFile, Set<string>>();

/** Modules a file imports or requires at the top level (read once per file). */
export function fileImports(sf: ts.SourceFile): Set<string> {
  const cached = importCache.get(sf);
  if (cached) return cached;
  const out = new Set<string>();
  for (const stmt of sf.statements) {
    if ((tsv.isImportDeclaration(stmt) || tsv.isExportDeclaration(stmt)) && stmt.moduleSpecifier && tsv.isStringLiteral(stmt.moduleSpecifier)) out.add(stmt.moduleSpecifier.text);
    else if (tsv.isImportEqualsDeclaration(stmt) && tsv.isExternalModuleReference(stmt.moduleReference) && tsv.isStringLiteral(stmt.moduleReference.expression)) out.add(stmt.moduleReference.expression.text);
    else if (tsv.isVariableStatement(stmt)) {
      for (const d of stmt.declarationList.declarations) {
        const init = d.initializer && unwrap(d.initializer);
        if (init && tsv.isCallExpression(init) && tsv.isIdentifier(init.expression) && init.expression.text === 'require' && init.arguments[0] && tsv.isStringLiteralLike(init.arguments[0])) out.add(init.arguments[0].text);
      }
    }
  }
  importCache.set(sf, out);
  return out;
}

/**
 * Who a library call is made on: the library itself (`own`), an instance another module
 * exports (`instance`), or, in a file that imports the library, an object whose type the
 * code does not say (an untyped callback parameter, a `let` assigned later): `loose`.
 */
export function receiverKind(ctx: VisitContext, ref: Ref | null, modules: readonly string[]): { own: boolean; instance: { module: string; name: string } | null } | null {
  if (ref?.root.kind === 'module' && modules.includes(ref.root.module)) return { own: true, instance: null };
  const instance = localInstance(ctx, ref);
  if (instance) return { own: false, instance };
  const untyped = !ref || ref.root.kind === 'param' || ref.root.kind === 'global';
  if (untyped && modules.some((m) => fileImports(ctx.sf).has(m))) return { own: false, instance: null };
  return null;
}

/** A handler given as an option: `{ eachMessage: async (...) => {...} }`, `{ async handleMessage(m) {...} }`, `{ callback }`. */
export function handlerOption(ctx: VisitContext, options: ts.Expression | undefined, names: readonly string[]): SymString | null {
  if (!options) return null;
  const obj = unwrap(options);
  if (tsv.isObjectLiteralExpression(obj)) {
    for (const prop of obj.properties) {
      const name = prop.name && (tsv.isIdentifier(prop.name) || tsv.isStringLiteral(prop.name)) ? prop.name.text : null;
      if (!name || !names.includes(name)) continue;
      if (tsv.isMethodDeclaration(prop)) return [{ scope: ctx.scopeIdOf(prop) }];
      if (tsv.isPropertyAssignment(prop)) return functionValue(ctx, prop.initializer);
      if (tsv.isShorthandPropertyAssignment(prop)) return functionValue(ctx, prop.name);
    }
    return null;
  }
  for (const name of names) {
    const value = ctx.props(options).get(name);
    if (value) return functionValue(ctx, value);
  }
  return null;
}

/** The arguments of the call that created the object a ref goes through: `kafka.consumer({ groupId })` for `consumer.subscribe(...)`. */
export function creationArgs(ref: Ref | null, factory: string): readonly ts.Expression[] | null {
  if (!ref) return null;
  const i = ref.steps.findIndex((s) => 'prop' in s && s.prop === factory);
  const call = i >= 0 ? ref.steps[i + 1] : undefined;
  return call && 'call' in call ? (call.call.arguments ?? []) : null;
}
