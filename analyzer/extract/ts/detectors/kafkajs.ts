import type { SymString } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { evalValue } from '../values.js';
import { clientFact, clientId, creationArgs, handlerOption, methodOf, payloadSources, receiverKind, receiverOf, site, strOr } from './messaging-shared.js';

const MODULES = ['kafkajs', '@confluentinc/kafka-javascript'];
const METHODS = new Set(['send', 'sendBatch', 'subscribe', 'run', 'producer', 'consumer']);

/** `brokers: ['kafka:9092']` or `process.env.KAFKA_BROKERS.split(',')`: the first broker address. */
function brokerAddress(ctx: VisitContext, expr: ts.Expression | undefined): SymString | null {
  if (!expr) return null;
  const e = unwrap(expr);
  if (tsv.isCallExpression(e) && tsv.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'split') return ctx.str(e.expression.expression);
  const value = evalValue(e, ctx.refs);
  if (value?.length === 1 && 'list' in value[0]!) return value[0].list[0] ?? null;
  return value;
}

/** `topic: 'orders'`, `topics: ['a', 'b']`, `topic: /orders\..+/`: topic names or a pattern. */
function topicsOf(ctx: VisitContext, options: Map<string, ts.Expression>): { channels: SymString[]; regex: boolean } {
  const topic = options.get('topic');
  if (topic && tsv.isRegularExpressionLiteral(unwrap(topic))) {
    const text = unwrap(topic).getText(ctx.sf);
    return { channels: [[{ lit: text.slice(1, text.lastIndexOf('/')).replace(/^\^|\$$/g, '') }]], regex: true };
  }
  if (topic) return { channels: [strOr(ctx, topic, 'topic')], regex: false };
  const topics = options.get('topics');
  const list = topics ? evalValue(topics, ctx.refs) : null;
  return { channels: list ? [list] : [], regex: false };
}

/**
 * kafkajs: `new Kafka({ brokers })`, `producer.send({ topic, messages })` and `sendBatch`,
 * `consumer.subscribe({ topic | topics })` with the consumer group of `kafka.consumer({ groupId })`,
 * and `consumer.run({ eachMessage })`, the handler.
 */
export const kafkajsDetector: Detector = {
  id: 'kafkajs',
  modules: MODULES,
  always: true,
  visitCall(node, ctx) {
    if (tsv.isNewExpression(node)) {
      const ref = ctx.resolve(node.expression);
      if (ref?.root.kind !== 'module' || !MODULES.includes(ref.root.module) || ref.root.name !== 'Kafka') return;
      const address = brokerAddress(ctx, ctx.props(node.arguments?.[0]).get('brokers'));
      if (address) ctx.emit({ kind: 'broker-connection', ...site(ctx, node), library: 'kafkajs', broker: 'kafka', address });
      return;
    }
    const method = methodOf(node);
    if (!method || !METHODS.has(method)) return;
    const ref = ctx.resolve(node.expression);
    const receiver = receiverKind(ctx, ref, MODULES);
    if (!receiver) return;
    const at = site(ctx, node);
    const extra = receiver.instance ? { instance: receiver.instance } : {};
    const options = ctx.props(node.arguments[0]);
    if (method === 'producer' || method === 'consumer') {
      const client = receiver.own ? clientFact(ctx, node, 'kafka', method, null) : null;
      if (client) ctx.emit(client);
      return;
    }
    if (method === 'send' || method === 'sendBatch') {
      const batches = method === 'send' ? [options] : (() => {
        const list = options.get('topicMessages') && unwrap(options.get('topicMessages')!);
        return list && tsv.isArrayLiteralExpression(list) ? list.elements.map((e) => ctx.props(e)) : [];
      })();
      for (const batch of batches) {
        if (!batch.has('topic') || (method === 'send' && !batch.has('messages'))) continue;
        ctx.emit({ kind: 'publish', ...at, library: 'kafkajs', broker: 'kafka', channelKind: 'topic', channel: strOr(ctx, batch.get('topic'), 'topic'), exchange: null, pattern: 'event', payloadFrom: payloadSources(ctx, batch.get('messages')), payloadArg: 0, inLoop: ctx.inLoop, ...extra });
      }
      return;
    }
    const groupOptions = ctx.props(creationArgs(ref, 'consumer')?.[0]);
    const group = groupOptions.get('groupId') ? ctx.str(groupOptions.get('groupId')) : null;
    const client = clientId(ctx, receiverOf(node)!);
    if (method === 'subscribe') {
      const { channels, regex } = topicsOf(ctx, options);
      if (!channels.length) return;
      ctx.emit({ kind: 'consume', ...at, library: 'kafkajs', broker: 'kafka', channelKind: 'topic', channels, match: regex ? 'regex' : 'exact', queue: group, handler: null, pattern: 'event', client, ...extra });
      return;
    }
    const handler = handlerOption(ctx, node.arguments[0], ['eachMessage', 'eachBatch']);
    if (handler) ctx.emit({ kind: 'consume', ...at, library: 'kafkajs', broker: 'kafka', channelKind: 'topic', channels: [], match: 'exact', queue: group, handler, pattern: 'event', client, ...extra });
  },
};
