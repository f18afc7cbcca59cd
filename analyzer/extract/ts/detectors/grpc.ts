import type { Timeout } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap, type Ref } from '../references.js';
import { deadlineMs } from './instance-calls.js';
import { callAt, optionsTimeout, propsAt } from './shared.js';

const GRPC = ['@grpc/grpc-js', 'grpc'];
/** Methods of a client object that are not RPCs. */
const CLIENT_METHODS = new Set(['close', 'getChannel', 'waitForReady', 'makeUnaryRequest', 'makeClientStreamRequest', 'makeServerStreamRequest', 'makeBidiStreamRequest', 'bind', 'call', 'apply', 'on']);

/** Whether `new <ref>(address, credentials)` makes a gRPC client: a service of a loaded package definition, or a generated client class. */
function isClientClass(ref: Ref, creation: ts.NewExpression | ts.CallExpression, ctx: VisitContext): boolean {
  if (ref.root.kind !== 'module') return false;
  const names = propsAt(ref);
  if (GRPC.includes(ref.root.module)) {
    const load = names.indexOf('loadPackageDefinition');
    return load >= 0 && names[load + 1] === '()' && names.length > load + 2;
  }
  // Generated code: grpc-tools' `*_grpc_pb` modules, or a `FooClient` class built with credentials (ts-proto, protoc-gen-ts).
  if (/_grpc_pb(\.js)?$/.test(ref.root.module)) return true;
  const className = ref.root.name === '*' || ref.root.name === 'default' ? names[names.length - 1] : ref.root.name;
  const credentials = creation.arguments?.[1];
  return !!className && /Client$/.test(className) && !!credentials && /credentials|Credentials/.test(ctx.text(credentials));
}

/** The client creation a ref starts from (`new proto.pkg.Service(address, creds)`) and the steps after it. */
function clientOf(ref: Ref | null, ctx: VisitContext): { creation: ts.NewExpression; rest: string[] } | null {
  if (!ref) return null;
  for (let i = 0; i < ref.steps.length; i++) {
    const step = ref.steps[i]!;
    if (!('call' in step) || !tsv.isNewExpression(step.call)) continue;
    const classRef: Ref = { root: ref.root, steps: ref.steps.slice(0, i) };
    if (!isClientClass(classRef, step.call, ctx)) return null;
    return { creation: step.call, rest: propsAt({ root: ref.root, steps: ref.steps.slice(i + 1) }) };
  }
  return null;
}

/** `promisify(client.getUser.bind(client))` → the ref of `client.getUser`. */
function promisified(ref: Ref | null, ctx: VisitContext): Ref | null {
  if (!ref || ref.root.kind !== 'module' || (ref.root.module !== 'util' && ref.root.module !== 'node:util')) return null;
  const names = propsAt(ref);
  const at = ref.root.name === 'promisify' ? 0 : names[0] === 'promisify' ? 1 : -1;
  if (at < 0 || names.length !== at + 1) return null;
  let inner = callAt(ref, at)?.arguments?.[0];
  if (!inner) return null;
  const u = unwrap(inner);
  if (tsv.isCallExpression(u) && tsv.isPropertyAccessExpression(u.expression) && u.expression.name.text === 'bind') inner = u.expression.expression;
  return ctx.resolve(inner);
}

/** The deadline (or timeout) in a call's options: `client.getUser(req, metadata, { deadline }, cb)`. */
function callTimeout(ctx: VisitContext, args: readonly ts.Expression[]): Timeout {
  for (const arg of args.slice(1)) {
    const props = ctx.props(arg);
    const deadline = props.get('deadline');
    if (deadline) {
      const ms = deadlineMs(ctx, deadline);
      return ms === null ? { ms: null, from: 'unknown' } : { ms, from: 'call' };
    }
    const timeout = optionsTimeout(ctx, props);
    if (timeout) return timeout;
  }
  return { ms: null, from: 'none' };
}

/**
 * @grpc/grpc-js clients: `new proto.pkg.Service(address, credentials)` from a loaded package
 * definition, or a generated client class; each RPC (`client.getUser(req, { deadline }, cb)`,
 * also promisified) is a call with `protocol: 'grpc'`, the RPC name as method and the
 * deadline as timeout (none by default). Clients assigned to a name become `client-instance`
 * facts, for modules that import them.
 */
export const grpcDetector: Detector = {
  id: 'grpc',
  modules: GRPC,
  visitCall(node, ctx) {
    if (tsv.isNewExpression(node)) {
      if (!ctx.declaration) return;
      const client = clientOf(ctx.resolve(node), ctx);
      if (!client || client.rest.length || client.creation !== node) return;
      ctx.emit({
        kind: 'client-instance',
        file: ctx.file,
        line: ctx.line(node),
        library: '@grpc/grpc-js',
        scope: ctx.scope.id,
        name: ctx.declaration.name,
        exported: ctx.declaration.exported,
        protocol: 'grpc',
        base: ctx.str(node.arguments?.[0]) ?? [],
        timeout: { ms: null, from: 'none' },
        retry: null,
      });
      return;
    }
    const ref = ctx.resolve(node.expression);
    const client = clientOf(ref, ctx) ?? clientOf(promisified(ref, ctx), ctx);
    if (!client || client.rest.length !== 1 || CLIENT_METHODS.has(client.rest[0]!)) return;
    const address = client.creation.arguments?.[0];
    ctx.emit({
      kind: 'http-call',
      file: ctx.file,
      line: ctx.line(node),
      library: '@grpc/grpc-js',
      scope: ctx.scope.id,
      protocol: 'grpc',
      method: client.rest[0]!,
      url: ctx.str(address) ?? [{ unknown: address ? ctx.text(address) : 'address' }],
      timeout: callTimeout(ctx, node.arguments),
      inLoop: ctx.inLoop,
      retry: ctx.retry,
    });
  },
};
