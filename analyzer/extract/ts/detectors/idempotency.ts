import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { findKeyReads, MAY_READ_KEYS, type KeyFunction, type KeyRead } from './request-keys.js';

const ANONYMOUS = /#L(\d+):(\d+)$/;

/** Per file being walked: the functions that read keys, and those already emitted. */
interface FileState {
  functions: KeyFunction[];
  done: Set<KeyFunction>;
}
const files = new WeakMap<ts.SourceFile, FileState>();

function emit(ctx: VisitContext, fn: KeyFunction, scope: string, library = 'http'): void {
  const state = files.get(ctx.sf)!;
  if (state.done.has(fn)) return;
  state.done.add(fn);
  for (const read of fn.reads) emitRead(ctx, read, scope, library);
}

function emitRead(ctx: VisitContext, read: KeyRead, scope: string, library: string): void {
  ctx.emit({ kind: 'idempotency', file: ctx.file, line: read.line, library, scope, key: read.key, role: read.role, source: read.source });
}

/** The key-reading function the walker is in: by position for anonymous functions, else by line and name. */
function functionOfFrame(state: FileState, ctx: VisitContext): KeyFunction | undefined {
  const id = ctx.scope.id;
  const anonymous = ANONYMOUS.exec(id);
  if (anonymous) return state.functions.find((f) => f.line === Number(anonymous[1]) && f.column === Number(anonymous[2]));
  const onLine = state.functions.filter((f) => f.line === ctx.scope.line);
  const name = ctx.scope.name.slice(ctx.scope.name.lastIndexOf('.') + 1);
  return onLine.find((f) => f.names.has(name)) ?? (onLine.length === 1 ? onLine[0] : undefined);
}

/**
 * Client-supplied keys read by request handling: `Idempotency-Key`-style headers
 * (`req.get(...)`, `req.headers[...]`, destructuring, NestJS `@Headers(...)`), `X-Request-Id`,
 * and `idempotencyKey` fields of the body or query. Detectors see calls, so reads are found
 * per function when the file is opened and emitted with the scope the walker gives that
 * function: top-level functions by name, others when the walker enters them (their first
 * call) or when a local call names them.
 */
export const idempotencyDetector: Detector = {
  id: 'idempotency',
  modules: [],
  always: true,
  visitFile(ctx) {
    if (!MAY_READ_KEYS.test(ctx.sf.text)) return;
    const isNextHeaders = (name: string): boolean => {
      const binding = ctx.refs.env.lookup(name);
      return binding?.kind === 'import' && binding.module === 'next/headers' && binding.name === 'headers';
    };
    const state: FileState = { functions: findKeyReads(ctx.sf, isNextHeaders), done: new Set() };
    files.set(ctx.sf, state);
    for (const fn of state.functions) if (fn.topLevel) emit(ctx, fn, `${ctx.file}#${[...fn.names][0]}`);
  },
  visitCall(node, ctx) {
    const state = files.get(ctx.sf);
    if (!state || state.done.size === state.functions.length) return;
    const own = functionOfFrame(state, ctx);
    if (own) emit(ctx, own, ctx.scope.id);
    // A local helper that reads the key but calls nothing is named by its callers.
    if (tsv.isCallExpression(node) && tsv.isIdentifier(unwrap(node.expression))) {
      const binding = ctx.refs.env.lookup((unwrap(node.expression) as ts.Identifier).text);
      const target = binding?.kind === 'function' ? ctx.targetOf(node.expression) : null;
      const fn = binding?.kind === 'function' ? state.functions.find((f) => f.node === binding.node) : undefined;
      if (fn && typeof target === 'string') emit(ctx, fn, target);
    }
  },
  visitClass(node, ctx) {
    // NestJS: create(@Headers('idempotency-key') key: string, @Body() dto: CreateDto)
    const className = node.name?.text ?? `Class${ctx.line(node)}`;
    for (const member of node.members) {
      if (!tsv.isMethodDeclaration(member) || !(tsv.isIdentifier(member.name) || tsv.isStringLiteral(member.name))) continue;
      for (const param of member.parameters) {
        for (const decorator of tsv.getDecorators(param) ?? []) {
          const call = decorator.expression;
          if (!tsv.isCallExpression(call)) continue;
          const ref = ctx.resolve(call.expression);
          if (ref?.root.kind !== 'module' || ref.root.module !== '@nestjs/common' || ref.root.name !== 'Headers' || ref.steps.length) continue;
          const key = ctx.str(call.arguments[0]);
          const text = key?.length === 1 && 'lit' in key[0]! ? key[0].lit : null;
          const role = text && /idempot|^(x-)?dedup/i.test(text) ? 'idempotency-key' : text && /^(x-)?(client-)?request[-_]?id$/i.test(text) ? 'request-id' : null;
          if (text && role) emitRead(ctx, { line: ctx.line(decorator), key: text.toLowerCase(), role, source: 'header' }, `${ctx.file}#${className}.${member.name.text}`, '@nestjs/common');
        }
      }
    }
  },
};
