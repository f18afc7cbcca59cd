import { describe, expect, it } from 'vitest';
import { parseSource } from '../../analyzer/extract/ts/parse-source.js';
import { walkFile } from '../../analyzer/extract/ts/walker.js';
import { reachable, substitute, type CallGraph } from '../../analyzer/resolve/code/call-graph.js';
import { liftSite } from '../../analyzer/resolve/code/messaging-sites.js';
import { channelName, isWildcard, patternMatches, renderNames, wildcardName } from '../../analyzer/resolve/code/messaging-names.js';
import { ModuleResolver } from '../../analyzer/resolve/code/module-resolver.js';
import type { CodeScopeFact, Fact, FactOf, ManifestEnvFact } from '../../analyzer/types/index.js';
import { DETECTORS } from '../../analyzer/extract/ts/detectors/index.js';

function walk(file: string, text: string, detectors = DETECTORS): Fact[] {
  return walkFile({ file, sf: parseSource(text, file).sourceFile, detectors, isLocalModule: (s) => s.startsWith('.') }).facts;
}

function of<K extends Fact['kind']>(facts: Fact[], kind: K): FactOf<K>[] {
  return facts.filter((f): f is FactOf<K> => f.kind === kind);
}

const env = (values: Record<string, string>): Map<string, ManifestEnvFact[]> =>
  new Map(Object.entries(values).map(([name, value]) => [name, [{ kind: 'manifest-env', file: 'compose.yaml', library: 'docker-compose', service: 's', name, value, origin: 'literal' }]]));

describe('values passed along: lists and functions', () => {
  const facts = walk(
    'src/consumer.ts',
    `import { bus } from './bus.js';
import { OTHER } from './keys.js';
export const KEYS = ['order.created', \`order.\${OTHER}\`];
const EMPTY = [...KEYS];
function handle(event) { return event; }
export function start(queue) {
  bus.consume(queue, KEYS, handle);
  bus.consume('q2', ['a', queue], (m) => handle(m));
  bus.consume('q3', EMPTY, undefined);
}
`,
    [],
  );

  it('records array arguments as lists of symbolic strings and functions as their scope ids', () => {
    const start = of(facts, 'code-scope').find((s) => s.name === 'start')!;
    expect(start.calls.filter((c) => c.target.member === 'consume').map((c) => c.args)).toEqual([
      [[{ param: 0, fn: 'src/consumer.ts#start' }], [{ list: [[{ lit: 'order.created' }], [{ lit: 'order.' }, { ref: { module: './keys.js', name: 'OTHER', path: [], from: 'src/consumer.ts' } }]] }], [{ scope: 'src/consumer.ts#handle' }]],
      [[{ lit: 'q2' }], [{ list: [[{ lit: 'a' }], [{ param: 0, fn: 'src/consumer.ts#start' }]] }], [{ scope: 'src/consumer.ts#L8:35' }]],
      [[{ lit: 'q3' }], null, null],
    ]);
    // The inline handler is the scope the walker gives the function.
    expect(start.calls.some((c) => c.target.name === 'L8:35' && !c.target.module)).toBe(true);
  });

  it('keeps module constants that are lists for other modules', () => {
    expect(of(facts, 'module-value').map((v) => [v.name, v.value])).toEqual([
      ['KEYS', [{ list: [[{ lit: 'order.created' }], [{ lit: 'order.' }, { ref: { module: './keys.js', name: 'OTHER', path: [], from: 'src/consumer.ts' } }]] }]],
    ]);
  });

  it('fills parameters inside list elements; a list or function inside an element is not text', () => {
    const bindings = new Map([['f', [[{ lit: 'x' }], [{ list: [[{ lit: 'y' }]] }]]]]);
    expect(substitute([{ list: [[{ lit: 'k.' }, { param: 0, fn: 'f' }], [{ param: 1, fn: 'f' }]] }], bindings)).toEqual([{ list: [[{ lit: 'k.x' }], [{ unknown: 'value' }]] }]);
    expect(substitute([{ param: 1, fn: 'f' }], bindings)).toEqual([{ list: [[{ lit: 'y' }]] }]);
  });
});

describe('types the code declares', () => {
  const facts = walk(
    'src/saga.ts',
    `import type { Broker } from './broker.js';
import type { Channel } from 'amqplib';
interface Deps { broker: Broker; retries: number }
type Options = { channel: Channel | null };
export function cancel(deps: Deps) {
  deps.broker.publish('order.cancelled', {});
}
export class Outbox {
  private channel: Channel | null = null;
  flush(options: Options) {
    this.channel?.publish('shop', 'outbox.flushed', Buffer.from('{}'));
  }
}
`,
  );

  it('follows a member of a local interface to its type: `deps.broker.publish` calls `Broker.publish`', () => {
    const cancel = of(facts, 'code-scope').find((s) => s.name === 'cancel')!;
    expect(cancel.calls.map((c) => c.target)).toEqual([{ module: './broker.js', name: 'Broker', member: 'publish' }]);
  });

  it('reads a field typed `Channel | null` and initialised to null as a Channel', () => {
    expect(of(facts, 'publish').map((p) => [p.line, p.library, p.channel, p.exchange])).toEqual([[11, 'amqplib', [{ lit: 'outbox.flushed' }], [{ lit: 'shop' }]]]);
  });
});

describe('call paths', () => {
  const broker = walk(
    'src/broker.ts',
    `import amqp from 'amqplib';
export class Broker {
  channel: amqp.Channel;
  publish(key: string, data: unknown) {
    this.channel.publish('shop', key, Buffer.from(JSON.stringify(data)));
  }
}
`,
  );
  const routes = walk(
    'src/routes.ts',
    `import type { Broker } from './broker.js';
function send(broker: Broker, key: string) {
  return broker.publish(key, {});
}
export function placed(broker: Broker) {
  send(broker, 'order.placed');
}
`,
  );
  const facts = [...broker, ...routes];
  const graph: CallGraph = {
    scopes: new Map(of(facts, 'code-scope').map((s): [string, CodeScopeFact] => [s.scope, s])),
    effects: new Map([['src/broker.ts#Broker.publish', of(facts, 'publish')]]),
    instances: new Map(),
    resolver: new ModuleResolver({ codeFiles: new Set(['src/broker.ts', 'src/routes.ts']), pathAliases: [], packageDirs: new Map() }),
  };

  it('carries the calls taken to an effect and the fact as written', () => {
    const [reached] = reachable(graph, 'src/routes.ts#placed');
    expect(reached!.fact).toMatchObject({ kind: 'publish', channel: [{ lit: 'order.placed' }] });
    expect(reached!.raw).toMatchObject({ channel: [{ param: 0, fn: 'src/broker.ts#Broker.publish' }] });
    expect(reached!.path!.map((s) => `${s.scope} from ${s.file}:${s.call.line}`)).toEqual(['src/routes.ts#send from src/routes.ts:6', 'src/broker.ts#Broker.publish from src/routes.ts:3']);
  });

  it('lifts a parameter to the call that wrote its value, through wrappers that pass it on', () => {
    const [reached] = reachable(graph, 'src/routes.ts#placed');
    const site = liftSite(reached!, (reached!.raw as FactOf<'publish'>).channel);
    expect(site && { file: site.file, line: site.line, arg: site.arg }).toEqual({ file: 'src/routes.ts', line: 6, arg: 1 });
    expect(liftSite(reached!, [{ lit: 'x' }])).toBeNull();
  });
});

describe('channel names and patterns', () => {
  it('matches AMQP topic bindings, NATS subjects, Redis globs and regular expressions', () => {
    const cases: [Parameters<typeof patternMatches>[0], string, string, boolean][] = [
      ['amqp', 'order.*', 'order.created', true],
      ['amqp', 'order.*', 'order.created.eu', false],
      ['amqp', 'order.#', 'order', true],
      ['amqp', 'order.#', 'order.created.eu', true],
      ['amqp', '#', 'anything.at.all', true],
      ['amqp', '*.created', 'order.created', true],
      ['nats', 'orders.>', 'orders.eu.created', true],
      ['nats', 'orders.>', 'orders', false],
      ['nats', 'orders.*', 'orders.*', true],
      ['glob', 'user:*', 'user:deleted', true],
      ['glob', 'user:?', 'user:42', false],
      ['regex', 'billing\\..+', 'billing.invoice', true],
      ['regex', 'billing\\..+', 'billingXinvoice', false],
      ['exact', 'a', 'a', true],
    ];
    expect(cases.map(([how, pattern, name]) => patternMatches(how, pattern, name))).toEqual(cases.map((c) => c[3]));
    expect([isWildcard('amqp', 'order.#'), isWildcard('amqp', 'order.created'), isWildcard('regex', 'orders\\.created'), isWildcard('glob', 'user:*')]).toEqual([true, false, false, true]);
  });

  it('renders names with the service environment and turns computed dotted tokens into `*`', () => {
    expect(renderNames([{ lit: 'orders.' }, { env: 'REGION' }], env({ REGION: 'eu' }))).toEqual(['orders.eu']);
    expect(renderNames([{ env: 'TOPIC', fallback: 'orders' }], env({}))).toEqual(['orders']);
    expect(renderNames([{ param: 0 }], env({}))).toBeNull();
    expect(wildcardName([{ lit: 'stock.' }, { unknown: 'sku' }, { lit: '.changed' }], env({}))).toBe('stock.*.changed');
    expect(wildcardName([{ lit: 'stock-' }, { unknown: 'sku' }], env({}))).toBeNull();
    expect(channelName('sqs', 'http://localstack:4566/000000000000/orders')).toBe('orders');
    expect(channelName('sns', 'arn:aws:sns:eu-west-1:000000000000:order-events')).toBe('order-events');
    expect(channelName('pubsub', 'projects/shop/topics/payments')).toBe('payments');
  });
});
