import type { SymString } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { evalValue } from '../values.js';
import { clientFact, handlerOption, methodOf, payloadSources, receiverKind, site, strOr } from './messaging-shared.js';

const MODULES = ['nats', '@nats-io/transport-node', '@nats-io/nats-core', '@nats-io/jetstream'];
const METHODS = new Set(['connect', 'publish', 'request', 'requestMany', 'subscribe', 'pullSubscribe']);

/** `connect({ servers: 'nats://nats:4222' })` or a list of servers: the first address. */
function serverAddress(ctx: VisitContext, options: ts.Expression | undefined): SymString | null {
  const servers = ctx.props(options).get('servers');
  if (!servers) return null;
  const value = evalValue(servers, ctx.refs);
  return value?.length === 1 && 'list' in value[0]! ? (value[0].list[0] ?? null) : value;
}

/**
 * NATS (nats.js, @nats-io/*): `connect({ servers })`, `nc.publish(subject, data)`,
 * `nc.request(subject, data)` (request-reply), `nc.subscribe(subject, { queue, callback })`
 * (without a callback the messages are read in the same function), JetStream `js.publish` and
 * `js.subscribe`. Subjects match with `*` and `>`.
 */
export const natsDetector: Detector = {
  id: 'nats',
  modules: MODULES,
  always: true,
  visitCall(node, ctx) {
    if (!tsv.isCallExpression(node)) return;
    const ref = ctx.resolve(node.expression);
    if (ref?.root.kind === 'module' && MODULES.includes(ref.root.module) && ref.root.name === 'connect' && ref.steps.length === 0) {
      const address = serverAddress(ctx, node.arguments[0]);
      if (address) ctx.emit({ kind: 'broker-connection', ...site(ctx, node), library: 'nats', broker: 'nats', address });
      const client = clientFact(ctx, node, 'nats', 'connection', null);
      if (client) ctx.emit(client);
      return;
    }
    const method = methodOf(node);
    if (!method || !METHODS.has(method) || method === 'connect' || !node.arguments[0]) return;
    const receiver = receiverKind(ctx, ref, MODULES);
    if (!receiver) return;
    const at = site(ctx, node);
    const extra = receiver.instance ? { instance: receiver.instance } : {};
    const subject = strOr(ctx, node.arguments[0], 'subject');
    if (method === 'publish' || method === 'request' || method === 'requestMany') {
      const request = method !== 'publish' || ctx.props(node.arguments[2]).has('reply');
      ctx.emit({ kind: 'publish', ...at, library: 'nats', broker: 'nats', channelKind: 'subject', channel: subject, exchange: null, pattern: request ? 'request' : 'event', payloadFrom: payloadSources(ctx, node.arguments[1]), payloadArg: node.arguments[1] ? 1 : null, inLoop: ctx.inLoop, ...extra });
      return;
    }
    const options = ctx.props(node.arguments[1]);
    const queue = options.get('queue') ? ctx.str(options.get('queue')) : null;
    // Without a callback, `for await (const m of sub)` reads the messages right here.
    const handler = handlerOption(ctx, node.arguments[1], ['callback']) ?? [{ scope: ctx.scope.id }];
    ctx.emit({ kind: 'consume', ...at, library: 'nats', broker: 'nats', channelKind: 'subject', channels: [subject], match: 'nats', queue, handler, pattern: 'event', client: null, ...extra });
  },
};
