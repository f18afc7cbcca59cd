import type { SymString } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { evalValue } from '../values.js';
import { clientFact, clientId, functionValue, methodOf, payloadSources, receiverKind, receiverOf, site, strOr } from './messaging-shared.js';

const MODULES = ['ioredis', 'redis', '@redis/client'];
const SUBSCRIBE = new Set(['subscribe', 'psubscribe', 'pSubscribe', 'sSubscribe', 'ssubscribe']);
const METHODS = new Set(['publish', 'spublish', 'sPublish', 'xadd', 'xAdd', 'xreadgroup', 'xReadGroup', 'on', ...SUBSCRIBE]);
const MESSAGE_EVENTS = new Set(['message', 'pmessage', 'messageBuffer', 'pmessageBuffer', 'smessage']);

/** `new Redis(url)`, `new Redis({ host, port })`, `createClient({ url })`: where the client connects. */
function connectAddress(ctx: VisitContext, arg: ts.Expression | undefined): SymString | null {
  const props = ctx.props(arg);
  if (!props.size) return arg ? ctx.str(arg) : null;
  if (props.has('url')) return ctx.str(props.get('url'));
  const host = ctx.str(props.get('host') ?? ctx.props(props.get('socket')).get('host'));
  const port = ctx.str(props.get('port') ?? ctx.props(props.get('socket')).get('port'));
  return host ? [{ lit: 'redis://' }, ...host, ...(port ? [{ lit: ':' }, ...port] : [])] : null;
}

/** `XREADGROUP GROUP g c ... STREAMS key >` (ioredis) or `xReadGroup(g, c, { key, id })` (node-redis): the stream and the group. */
function streamRead(ctx: VisitContext, node: ts.CallExpression, method: string): { stream: SymString; group: SymString | null } | null {
  const args = node.arguments;
  if (method === 'xReadGroup') {
    const streams = unwrap(args[2] ?? args[0]!);
    const first = tsv.isArrayLiteralExpression(streams) ? streams.elements[0] : streams;
    const key = ctx.props(first).get('key');
    return key ? { stream: strOr(ctx, key, 'stream'), group: ctx.str(args[0]) } : null;
  }
  const words = args.map((a) => ctx.str(a)?.map((p) => ('lit' in p ? p.lit : '')).join('').toUpperCase() ?? '');
  const at = words.indexOf('STREAMS');
  const group = words.indexOf('GROUP');
  return at >= 0 && args[at + 1] ? { stream: strOr(ctx, args[at + 1], 'stream'), group: group >= 0 ? ctx.str(args[group + 1]) : null } : null;
}

/**
 * Redis pub/sub and streams (ioredis, node-redis): `publish(channel, message)`,
 * `subscribe(...channels)` / `psubscribe(pattern)` with `on('message', handler)` or a listener
 * argument, `xadd(stream, ...)` and `xreadgroup(... STREAMS stream)`.
 */
export const redisPubSubDetector: Detector = {
  id: 'redis-pubsub',
  modules: MODULES,
  always: true,
  visitCall(node, ctx) {
    const ref = ctx.resolve(tsv.isNewExpression(node) ? node.expression : node.expression);
    if (ref?.root.kind === 'module' && MODULES.includes(ref.root.module) && (tsv.isNewExpression(node) ? ref.steps.every((s) => 'prop' in s) : ref.root.name === 'createClient' && !ref.steps.length)) {
      const address = connectAddress(ctx, node.arguments?.[0]);
      if (address) ctx.emit({ kind: 'broker-connection', ...site(ctx, node), library: ref.root.module, broker: 'redis', address });
      const client = clientFact(ctx, node, 'redis', 'client', null);
      if (client) ctx.emit({ ...client, library: ref.root.module });
      return;
    }
    if (!tsv.isCallExpression(node)) return;
    const method = methodOf(node);
    if (!method || !METHODS.has(method) || !node.arguments[0]) return;
    const receiver = receiverKind(ctx, ref, MODULES);
    if (!receiver) return;
    const library = ref?.root.kind === 'module' && MODULES.includes(ref.root.module) ? ref.root.module : 'ioredis';
    const base = { ...site(ctx, node), library, broker: 'redis' as const, ...(receiver.instance ? { instance: receiver.instance } : {}) };
    const client = clientId(ctx, receiverOf(node)!);
    const args = node.arguments;
    if (method === 'publish' || method === 'spublish' || method === 'sPublish' || method === 'xadd' || method === 'xAdd') {
      if (args.length < 2) return;
      const stream = method.startsWith('x');
      ctx.emit({ ...base, kind: 'publish', channelKind: stream ? 'stream' : 'topic', channel: strOr(ctx, args[0], 'channel'), exchange: null, pattern: 'event', payloadFrom: payloadSources(ctx, stream ? args[args.length - 1] : args[1]), payloadArg: stream ? args.length - 1 : 1, inLoop: ctx.inLoop });
      return;
    }
    if (method === 'xreadgroup' || method === 'xReadGroup') {
      const read = streamRead(ctx, node, method);
      if (read) ctx.emit({ ...base, kind: 'consume', channelKind: 'stream', channels: [read.stream], match: 'exact', queue: read.group, handler: [{ scope: ctx.scope.id }], pattern: 'event', client });
      return;
    }
    if (method === 'on') {
      const event = ctx.str(args[0])?.map((p) => ('lit' in p ? p.lit : '')).join('');
      if (!event || !MESSAGE_EVENTS.has(event)) return;
      ctx.emit({ ...base, kind: 'consume', channelKind: 'topic', channels: [], match: 'exact', queue: null, handler: functionValue(ctx, args[1]), pattern: 'event', client });
      return;
    }
    // subscribe('a', 'b'), subscribe(['a', 'b'], listener), pSubscribe('orders.*', listener)
    const last = unwrap(args[args.length - 1]!);
    const listener = tsv.isArrowFunction(last) || tsv.isFunctionExpression(last) || (tsv.isIdentifier(last) && ctx.targetOf(last) !== null) ? last : undefined;
    const channelArgs = listener ? args.slice(0, -1) : args;
    // Channels are names; an options object means another library's subscribe (`nc.subscribe(subject, { queue })`).
    if (channelArgs.some((a) => tsv.isObjectLiteralExpression(unwrap(a)))) return;
    const names = channelArgs.map((a) => evalValue(a, ctx.refs) ?? strOr(ctx, a, 'channel'));
    const pattern = method.toLowerCase().startsWith('p');
    ctx.emit({ ...base, kind: 'consume', channelKind: 'topic', channels: names, match: pattern ? 'glob' : 'exact', queue: null, handler: listener ? functionValue(ctx, listener) : null, pattern: 'event', client });
  },
};
