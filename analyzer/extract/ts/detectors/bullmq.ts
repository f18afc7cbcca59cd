import type { SymString } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap, type Ref } from '../references.js';
import { clientFact, functionValue, methodOf, payloadSources, receiverKind, site, strOr } from './messaging-shared.js';

const MODULES = ['bullmq', 'bull'];
const METHODS = new Set(['add', 'addBulk', 'process']);

/** The queue a `Queue` object was created for: `new Queue('emails')`, or `@InjectQueue('emails') private queue: Queue` (NestJS). */
function queueOf(ctx: VisitContext, ref: Ref, receiver: ts.Expression): SymString | null {
  const created = ref.steps[0];
  if (created && 'call' in created && tsv.isNewExpression(created.call)) return ctx.str(created.call.arguments?.[0]);
  const e = unwrap(receiver);
  if (tsv.isPropertyAccessExpression(e) && e.expression.kind === tsv.SyntaxKind.ThisKeyword) return injectedQueues(ctx)[e.name.text] ?? null;
  return null;
}

const injected = new WeakMap<ts.SourceFile, Record<string, SymString>>();

/** Class members injected with `@InjectQueue('name')` in this file (read once per file). */
function injectedQueues(ctx: VisitContext): Record<string, SymString> {
  const cached = injected.get(ctx.sf);
  if (cached) return cached;
  const out: Record<string, SymString> = {};
  const visit = (node: ts.Node): void => {
    if ((tsv.isParameter(node) || tsv.isPropertyDeclaration(node)) && tsv.isIdentifier(node.name)) {
      for (const d of tsv.canHaveDecorators(node) ? (tsv.getDecorators(node) ?? []) : []) {
        const call = d.expression;
        if (tsv.isCallExpression(call) && tsv.isIdentifier(call.expression) && call.expression.text === 'InjectQueue' && call.arguments[0]) {
          const name = ctx.str(call.arguments[0]);
          if (name) out[node.name.text] = name;
        }
      }
    }
    tsv.forEachChild(node, visit);
  };
  visit(ctx.sf);
  injected.set(ctx.sf, out);
  return out;
}

/** `connection: { host, port }` or `{ url }`: where the queue's Redis is. */
function connectionAddress(ctx: VisitContext, options: ts.Expression | undefined): SymString | null {
  const connection = ctx.props(ctx.props(options).get('connection'));
  const url = connection.get('url');
  if (url) return ctx.str(url);
  const host = ctx.str(connection.get('host'));
  const port = ctx.str(connection.get('port'));
  return host ? [{ lit: 'redis://' }, ...host, ...(port ? [{ lit: ':' }, ...port] : [])] : null;
}

/**
 * BullMQ (and bull): `new Queue('emails')` with `queue.add(name, data)` / `addBulk`, and
 * `new Worker('emails', processor)` (bull: `queue.process(fn)`). The channel is the queue.
 */
export const bullmqDetector: Detector = {
  id: 'bullmq',
  modules: MODULES,
  always: true,
  visitCall(node, ctx) {
    if (tsv.isNewExpression(node)) {
      const ref = ctx.resolve(node.expression);
      if (ref?.root.kind !== 'module' || !MODULES.includes(ref.root.module) || ref.steps.length) return;
      const name = ref.root.name;
      const library = ref.root.module;
      const queue = node.arguments?.[0] ? strOr(ctx, node.arguments[0], 'queue') : null;
      if (!queue || !['Queue', 'Worker', 'default'].includes(name)) return;
      const address = connectionAddress(ctx, node.arguments?.[name === 'Worker' ? 2 : 1]);
      if (address) ctx.emit({ kind: 'broker-connection', ...site(ctx, node), library, broker: 'bullmq', address });
      if (name === 'Worker') {
        const processor = node.arguments?.[1];
        ctx.emit({ kind: 'consume', ...site(ctx, node), library, broker: 'bullmq', channelKind: 'queue', channels: [queue], match: 'exact', queue, handler: functionValue(ctx, processor), pattern: 'event', client: null });
        return;
      }
      const client = clientFact(ctx, node, 'bullmq', 'queue', queue);
      if (client) ctx.emit({ ...client, library });
      return;
    }
    const method = methodOf(node);
    if (!method || !METHODS.has(method)) return;
    const ref = ctx.resolve(node.expression);
    const receiver = receiverKind(ctx, ref, MODULES);
    if (!receiver || (!receiver.own && !receiver.instance)) return;
    const library = ref?.root.kind === 'module' && MODULES.includes(ref.root.module) ? ref.root.module : 'bullmq';
    const queue = receiver.own && ref ? queueOf(ctx, ref, (unwrap(node.expression) as ts.PropertyAccessExpression).expression) : null;
    const base = { ...site(ctx, node), library, broker: 'bullmq' as const, ...(receiver.instance ? { instance: receiver.instance } : {}) };
    const channel = queue ?? (receiver.instance ? [] : [{ unknown: 'queue' }]);
    if (method === 'process') {
      const handler = functionValue(ctx, node.arguments[node.arguments.length - 1]);
      if (handler) ctx.emit({ ...base, kind: 'consume', channelKind: 'queue', channels: channel.length ? [channel] : [], match: 'exact', queue: channel.length ? channel : null, handler, pattern: 'event', client: null });
      return;
    }
    // bullmq: add(name, data, opts); bull: add(data) or add(name, data)
    const dataArg = library === 'bull' && node.arguments.length === 1 ? 0 : 1;
    ctx.emit({ ...base, kind: 'publish', channelKind: 'queue', channel, exchange: null, pattern: 'event', payloadFrom: payloadSources(ctx, node.arguments[method === 'addBulk' ? 0 : dataArg]), payloadArg: method === 'addBulk' ? 0 : dataArg, inLoop: ctx.inLoop });
  },
};
