import type { SymString } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { tsv } from '../parse-source.js';
import type { Ref } from '../references.js';
import { clientFact, creationArgs, functionValue, methodOf, payloadSources, receiverKind, site, strOr } from './messaging-shared.js';

const MODULES = ['@google-cloud/pubsub'];
const PUBLISH = new Set(['publishMessage', 'publish', 'publishJSON']);

function nameFrom(ctx: VisitContext, ref: Ref | null, factory: string): SymString | null {
  const args = creationArgs(ref, factory);
  return args?.[0] ? strOr(ctx, args[0], factory) : null;
}

/**
 * Google Cloud Pub/Sub: `pubsub.topic('orders').publishMessage({ json })` (also `publish`,
 * `publishJSON`), `pubsub.subscription('orders-sub').on('message', handler)`, and
 * `createSubscription(topic, name)` / `topic('t').createSubscription(name)`, which say which
 * topic a subscription reads.
 */
export const googlePubSubDetector: Detector = {
  id: 'google-pubsub',
  modules: MODULES,
  always: true,
  visitCall(node, ctx) {
    if (tsv.isNewExpression(node)) {
      // `export const pubsub = new PubSub()`: other modules call `pubsub.topic(...)`.
      const ref = ctx.resolve(node.expression);
      const client = ref?.root.kind === 'module' && MODULES.includes(ref.root.module) && ref.root.name === 'PubSub' ? clientFact(ctx, node, 'pubsub', 'client', null) : null;
      if (client) ctx.emit(client);
      return;
    }
    const method = methodOf(node);
    if (!method || !(PUBLISH.has(method) || method === 'on' || method === 'createSubscription' || method === 'topic' || method === 'subscription')) return;
    const ref = ctx.resolve(node.expression);
    const receiver = receiverKind(ctx, ref, MODULES);
    if (!receiver || (!receiver.own && !receiver.instance)) return;
    const at = site(ctx, node);
    const extra = receiver.instance ? { instance: receiver.instance } : {};
    const topic = nameFrom(ctx, ref, 'topic');
    if (method === 'topic' || method === 'subscription') {
      const client = receiver.own && node.arguments[0] ? clientFact(ctx, node, 'pubsub', method, strOr(ctx, node.arguments[0], method)) : null;
      if (client) ctx.emit(client);
      return;
    }
    if (PUBLISH.has(method)) {
      if (!topic && !receiver.instance) return;
      // topic.publish(data): the first argument is the message, never a name (`nc.publish(subject, data)` is NATS or Redis).
      const first = ctx.str(node.arguments[0]);
      if (receiver.instance && (!node.arguments[0] || (first && first.length > 0 && !first.every((p) => 'unknown' in p)))) return;
      ctx.emit({ kind: 'publish', ...at, library: MODULES[0]!, broker: 'pubsub', channelKind: 'topic', channel: topic ?? [], exchange: null, pattern: 'event', payloadFrom: payloadSources(ctx, node.arguments[0]), payloadArg: 0, inLoop: ctx.inLoop, ...extra });
      return;
    }
    if (method === 'createSubscription') {
      // topic.createSubscription(name) or pubsub.createSubscription(topic, name)
      const [first, second] = node.arguments;
      const subscription = topic ? first : second;
      const subscribed = topic ?? (first ? strOr(ctx, first, 'topic') : null);
      if (subscription && subscribed) ctx.emit({ kind: 'queue-binding', ...at, library: MODULES[0]!, broker: 'pubsub', queue: strOr(ctx, subscription, 'subscription'), exchange: [], pattern: subscribed });
      return;
    }
    const event = ctx.str(node.arguments[0])?.map((p) => ('lit' in p ? p.lit : '')).join('');
    const subscription = nameFrom(ctx, ref, 'subscription');
    if (event !== 'message' || (!subscription && !receiver.instance)) return;
    ctx.emit({ kind: 'consume', ...at, library: MODULES[0]!, broker: 'pubsub', channelKind: 'topic', channels: topic ? [topic] : [], match: 'exact', queue: subscription, handler: functionValue(ctx, node.arguments[1]), pattern: 'event', client: null, ...extra });
  },
};
