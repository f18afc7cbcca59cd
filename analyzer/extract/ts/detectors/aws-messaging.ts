import type { BrokerKind } from '../../../types/messaging-facts.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { handlerOption, methodOf, payloadSources, site, strOr } from './messaging-shared.js';

const SQS = ['@aws-sdk/client-sqs', 'sqs-consumer'];
const SNS = ['@aws-sdk/client-sns'];
const V2 = 'aws-sdk';

/** What a command or v2 method does: send to a queue, publish to a topic, receive from a queue. */
const ACTIONS: Record<string, { broker: BrokerKind; action: 'send' | 'receive'; body: string }> = {
  SendMessageCommand: { broker: 'sqs', action: 'send', body: 'MessageBody' },
  SendMessageBatchCommand: { broker: 'sqs', action: 'send', body: 'Entries' },
  ReceiveMessageCommand: { broker: 'sqs', action: 'receive', body: '' },
  sendMessage: { broker: 'sqs', action: 'send', body: 'MessageBody' },
  sendMessageBatch: { broker: 'sqs', action: 'send', body: 'Entries' },
  receiveMessage: { broker: 'sqs', action: 'receive', body: '' },
  PublishCommand: { broker: 'sns', action: 'send', body: 'Message' },
  PublishBatchCommand: { broker: 'sns', action: 'send', body: 'PublishBatchRequestEntries' },
  publish: { broker: 'sns', action: 'send', body: 'Message' },
};

function emit(ctx: VisitContext, node: ts.Node, library: string, what: (typeof ACTIONS)[string], input: ts.Expression | undefined): void {
  const props = ctx.props(input);
  const target = what.broker === 'sqs' ? props.get('QueueUrl') : (props.get('TopicArn') ?? props.get('TargetArn'));
  if (!target) return;
  const name = strOr(ctx, target, what.broker === 'sqs' ? 'QueueUrl' : 'TopicArn');
  const base = { ...site(ctx, node), library, broker: what.broker };
  if (what.action === 'send') {
    ctx.emit({ ...base, kind: 'publish', channelKind: what.broker === 'sqs' ? 'queue' : 'topic', channel: name, exchange: null, pattern: 'event', payloadFrom: payloadSources(ctx, props.get(what.body)), payloadArg: 0, inLoop: ctx.inLoop });
  } else {
    // Received messages are handled where they are received (a polling loop).
    ctx.emit({ ...base, kind: 'consume', channelKind: 'queue', channels: [name], match: 'exact', queue: name, handler: [{ scope: ctx.scope.id }], pattern: 'event', client: null });
  }
}

/**
 * AWS messaging: SQS and SNS commands of SDK v3 (`new SendMessageCommand({ QueueUrl })`,
 * `ReceiveMessageCommand`, `new PublishCommand({ TopicArn })`), SDK v2 methods
 * (`sqs.sendMessage({ QueueUrl })`, `sns.publish({ TopicArn })`), sqs-consumer's
 * `Consumer.create({ queueUrl, handleMessage })`, and the client's `endpoint`. Queue URLs and
 * topic ARNs end with the channel's name.
 */
export const awsMessagingDetector: Detector = {
  id: 'aws-messaging',
  modules: [...SQS, ...SNS, V2],
  visitCall(node, ctx) {
    const ref = ctx.resolve(node.expression);
    if (ref?.root.kind !== 'module') return;
    const module = ref.root.module;
    if (tsv.isNewExpression(node) && (SQS.includes(module) || SNS.includes(module)) && !ref.steps.length) {
      const what = ACTIONS[ref.root.name];
      if (what) emit(ctx, node, module, what, node.arguments?.[0]);
      else if (/^(SQS|SNS)(Client)?$/.test(ref.root.name)) {
        const endpoint = ctx.props(node.arguments?.[0]).get('endpoint');
        const address = endpoint ? ctx.str(endpoint) : null;
        if (address) ctx.emit({ kind: 'broker-connection', ...site(ctx, node), library: module, broker: ref.root.name.startsWith('SQS') ? 'sqs' : 'sns', address });
      }
      return;
    }
    if (!tsv.isCallExpression(node)) return;
    const method = methodOf(node);
    if (module === 'sqs-consumer' && method === 'create') {
      const options = node.arguments[0];
      const queueUrl = ctx.props(options).get('queueUrl');
      if (!queueUrl) return;
      const name = strOr(ctx, queueUrl, 'queueUrl');
      ctx.emit({ kind: 'consume', ...site(ctx, node), library: module, broker: 'sqs', channelKind: 'queue', channels: [name], match: 'exact', queue: name, handler: handlerOption(ctx, options, ['handleMessage', 'handleMessageBatch']), pattern: 'event', client: null });
      return;
    }
    // v2 (aws-sdk) and v3 aggregated clients: new SQS().sendMessage({...}), sns.publish({...})
    const what = method ? ACTIONS[method] : undefined;
    const service = ref.steps.find((s) => 'prop' in s);
    const clientName = ref.root.name === 'default' || ref.root.name === '*' ? (service && 'prop' in service ? service.prop : '') : ref.root.name;
    if (!what || /Command$/.test(method!) || clientName !== (what.broker === 'sqs' ? 'SQS' : 'SNS')) return;
    emit(ctx, node, module, what, node.arguments[0]);
  },
};
