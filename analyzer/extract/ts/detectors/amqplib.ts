import type { SymString } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { evalValue } from '../values.js';
import { clientFact, functionValue, loopValue, methodOf, payloadSources, receiverKind, site, strOr } from './messaging-shared.js';

const MODULES = ['amqplib', 'amqplib/callback_api', 'amqp-connection-manager'];
const METHODS = new Set(['publish', 'sendToQueue', 'consume', 'bindQueue', 'assertExchange', 'connect', 'createChannel', 'createConfirmChannel']);
const LIBRARY = 'amqplib';

/** `amqp.connect('amqp://...')` or `amqp.connect({ hostname, port })`: the broker's address. */
function connectAddress(ctx: VisitContext, arg: ts.Expression | undefined): SymString | null {
  const props = ctx.props(arg);
  if (!props.size) {
    const value = arg ? evalValue(arg, ctx.refs) : null;
    // amqp-connection-manager takes a list of URLs: the first one.
    return value && value.length === 1 && 'list' in value[0]! ? (value[0].list[0] ?? null) : value;
  }
  const host = ctx.str(props.get('hostname'));
  if (!host) return null;
  const port = ctx.str(props.get('port'));
  return [{ lit: `${ctx.str(props.get('protocol'))?.map((p) => ('lit' in p ? p.lit : '')).join('') || 'amqp'}://` }, ...host, ...(port ? [{ lit: ':' }, ...port] : [])];
}

/**
 * amqplib (and amqp-connection-manager): `channel.publish(exchange, routingKey, content)`,
 * `sendToQueue(queue, content)`, `consume(queue, handler)`, `bindQueue(queue, exchange, pattern)`,
 * `assertExchange(name, type)` and `amqp.connect(url)`. Channels are found by import, by a
 * parameter or field typed with amqplib's types, or as an instance exported by another module.
 */
export const amqplibDetector: Detector = {
  id: 'amqplib',
  modules: MODULES,
  always: true,
  visitCall(node, ctx) {
    const method = methodOf(node);
    if (!method || !METHODS.has(method) || !tsv.isCallExpression(node)) return;
    const receiver = receiverKind(ctx, ctx.resolve(node.expression), MODULES);
    if (!receiver) return;
    const { own, instance } = receiver;
    const args = node.arguments;
    const at = site(ctx, node);
    const extra = instance ? { instance } : {};
    switch (method) {
      case 'connect': {
        const address = own ? connectAddress(ctx, args[0]) : null;
        if (address) ctx.emit({ kind: 'broker-connection', ...at, library: LIBRARY, broker: 'rabbitmq', address });
        const client = own ? clientFact(ctx, node, 'rabbitmq', 'connection', null) : null;
        if (client) ctx.emit(client);
        return;
      }
      case 'createChannel':
      case 'createConfirmChannel': {
        const client = own ? clientFact(ctx, node, 'rabbitmq', 'channel', null) : null;
        if (client) ctx.emit(client);
        return;
      }
      case 'publish':
      case 'sendToQueue': {
        const direct = method === 'sendToQueue';
        if (args.length < (direct ? 2 : 3)) return;
        const content = args[direct ? 1 : 2];
        const options = ctx.props(args[direct ? 2 : 3]);
        ctx.emit({
          kind: 'publish',
          ...at,
          library: LIBRARY,
          broker: 'rabbitmq',
          channelKind: direct ? 'queue' : 'topic',
          channel: strOr(ctx, args[direct ? 0 : 1], 'routingKey'),
          exchange: direct ? [] : strOr(ctx, args[0], 'exchange'),
          pattern: options.has('replyTo') ? 'request' : 'event',
          payloadFrom: payloadSources(ctx, content),
          payloadArg: direct ? 1 : 2,
          inLoop: ctx.inLoop,
          ...extra,
        });
        return;
      }
      case 'consume': {
        if (args.length < 2) return;
        const queue = strOr(ctx, args[0], 'queue');
        ctx.emit({ kind: 'consume', ...at, library: LIBRARY, broker: 'rabbitmq', channelKind: 'queue', channels: [queue], match: 'exact', queue, handler: functionValue(ctx, args[1]), pattern: 'event', client: null, ...extra });
        return;
      }
      case 'bindQueue': {
        if (args.length < 3) return;
        const pattern = loopValue(ctx, args[2]) ?? strOr(ctx, args[2], 'pattern');
        ctx.emit({ kind: 'queue-binding', ...at, library: LIBRARY, broker: 'rabbitmq', queue: strOr(ctx, args[0], 'queue'), exchange: strOr(ctx, args[1], 'exchange'), pattern });
        return;
      }
      case 'assertExchange': {
        if (!args[0]) return;
        const type = ctx.str(args[1]);
        ctx.emit({ kind: 'exchange-declare', ...at, library: LIBRARY, broker: 'rabbitmq', exchange: strOr(ctx, args[0], 'exchange'), type: type?.every((p) => 'lit' in p) ? type.map((p) => ('lit' in p ? p.lit : '')).join('') : null });
        return;
      }
    }
  },
};
