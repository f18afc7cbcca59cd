import type { Channel, SymString } from '../../types/index.js';
import type { BrokerConnectionFact, BrokerKind, ChannelKind, ExchangeFact, PublishFact, QueueBindingFact } from '../../types/messaging-facts.js';
import type { ConsumerDedupe, LinkedConsumer } from '../../types/messaging-links.js';
import type { LinkerContext, ServiceReach } from './link-code.js';
import type { ReachedConsumer } from './link-messaging.js';
import { BROKER_DATASTORES, BROKER_PROTOCOL, channelId, channelName, isWildcard, patternMatches, renderNames } from './messaging-names.js';

interface Binding {
  queue: string | null;
  exchange: string | null;
  patterns: string[];
}

interface Published {
  broker: BrokerKind;
  exchange: string | null;
  key: string;
  id: string;
  kind: ChannelKind;
}

/**
 * The channels of the system: nodes made by publishes and consumers, AMQP bindings and
 * exchange types, and the broker datastore each service connects to. Consumers are resolved
 * after every publish is known, so a binding pattern (`order.*`) reaches every published
 * routing key it matches.
 */
export class ChannelBook {
  private readonly channels = new Map<string, { kind: ChannelKind; name: string; users: Set<string> }>();
  private readonly exchangeTypes = new Map<string, string>();
  private readonly sent: Published[] = [];
  private readonly bindings = new Map<string, Binding[]>();
  private readonly connections = new Map<string, Set<string>>();
  private readonly services = new Map<string, ServiceReach>();

  constructor(private readonly ctx: LinkerContext) {}

  /** Exchange types (`assertExchange`) and broker connections (`amqp.connect(url)`). */
  declare(service: ServiceReach, fact: ExchangeFact | BrokerConnectionFact, ctx: LinkerContext): void {
    if (fact.kind === 'exchange-declare') {
      for (const name of renderNames(ctx.withValues(fact.exchange, fact.file), service.env) ?? []) if (fact.type && !this.exchangeTypes.has(name)) this.exchangeTypes.set(name, fact.type);
      return;
    }
    const kinds = BROKER_DATASTORES[fact.broker];
    const resolved = ctx.resolveAddress(service, ctx.withValues(fact.address, fact.file), { file: fact.file, line: fact.line });
    const key = `${service.source.id}|${fact.broker}`;
    for (const target of resolved.targets) if (kinds.some((k) => target.startsWith(`datastore:${k}:`))) this.connections.set(key, (this.connections.get(key) ?? new Set()).add(target));
  }

  bind(service: ServiceReach, fact: QueueBindingFact, queues: SymString[], patterns: SymString[]): void {
    const render = (sym: SymString | undefined): string | null => (sym ? (renderNames(sym, service.env)?.[0] ?? null) : null);
    const exchange = render(this.ctx.withValues(fact.exchange, fact.file));
    const binding: Binding = { queue: render(queues[0]), exchange, patterns: patterns.map(render).filter((p): p is string => p !== null).map((p) => channelName(fact.broker, p)) };
    // Bindings belong to the broker: a queue one service binds may be consumed by another.
    if (binding.queue === null) return;
    const key = `${fact.broker}|${binding.queue}`;
    this.bindings.set(key, [...(this.bindings.get(key) ?? []), binding]);
  }

  /** The channel a publish sends to; AMQP: the routing key on topic and direct exchanges, the exchange when it is fanout, the queue on the default exchange. */
  published(service: ServiceReach, fact: PublishFact, name: string, exchange: string | null): string {
    let kind: ChannelKind = fact.channelKind;
    let channelName = name;
    // AMQP exchanges and queues; a NestJS pattern is a name of its own, whatever the transport.
    if (fact.broker === 'rabbitmq' && !fact.transport) {
      const type = exchange ? (this.exchangeTypes.get(exchange) ?? 'topic') : null;
      if (exchange === '' || exchange === null || fact.channelKind === 'queue') kind = 'queue';
      else if (type === 'fanout' || type === 'headers') [kind, channelName] = ['exchange', exchange];
      else kind = 'topic';
    }
    const id = this.register(service, fact.broker, channelName, kind);
    this.sent.push({ broker: fact.broker, exchange: kind === 'queue' ? null : exchange, key: channelName, id, kind });
    return id;
  }

  private register(service: ServiceReach, broker: BrokerKind, name: string, kind: ChannelKind): string {
    const id = channelId(broker, name);
    const entry = this.channels.get(id) ?? { kind, name, users: new Set<string>() };
    entry.users.add(`${service.source.id}|${broker}`);
    this.channels.set(id, entry);
    this.services.set(service.source.id, service);
    return id;
  }

  /** Channels each consumer receives from, with its edges; consumers on one client object and call site are one. */
  consumers(list: readonly ReachedConsumer[], dedupe: (c: ReachedConsumer) => ConsumerDedupe | null): LinkedConsumer[] {
    const merged = new Map<string, ReachedConsumer & { subscriptions: string[] }>();
    for (const c of list) {
      const key = `${c.service.source.id}|${c.fact.broker}|${c.fact.client && !c.via ? c.fact.client : `${c.location.file}:${c.location.line}`}`;
      const existing = merged.get(key);
      const subscriptions = c.names.flat();
      if (!existing) merged.set(key, { ...c, subscriptions });
      else {
        existing.handlers = [...new Set([...existing.handlers, ...c.handlers])];
        existing.subscriptions.push(...subscriptions);
        existing.queue ??= c.queue;
        if (subscriptions.length && !existing.names.flat().length) Object.assign(existing, { location: c.location, via: c.via, fact: c.fact, names: c.names });
      }
    }
    return [...merged.values()].map((c) => {
      const { ids, subscriptions } = this.receives(c);
      for (const id of ids) {
        this.ctx.input.edges.add({ from: id, to: c.service.source.id, kind: 'consumes', protocol: BROKER_PROTOCOL[c.fact.broker], protocolFrom: 'code', via: c.fact.library, declared: false, observed: true, endpoints: [], location: c.location });
      }
      return {
        id: `${c.service.source.id}|${c.location.file}:${c.location.line}`,
        service: c.service.source.id, broker: c.fact.broker, library: c.fact.library, channels: [...ids].sort(), subscriptions: [...new Set(subscriptions)].sort(),
        queue: c.queue, pattern: c.fact.pattern, location: c.location, via: c.via, handlers: [...c.handlers].sort(), dedupe: dedupe(c),
      };
    });
  }

  private receives(c: ReachedConsumer & { subscriptions: string[] }): { ids: Set<string>; subscriptions: string[] } {
    const { broker, match } = c.fact;
    const ids = new Set<string>();
    const subscriptions = [...c.subscriptions];
    const bindings = c.queue !== null ? (this.bindings.get(`${broker}|${c.queue}`) ?? []) : [];
    const follow = (pattern: string, how: typeof match, exchange: string | null, kind: ChannelKind): void => {
      if (!isWildcard(how, pattern)) ids.add(this.register(c.service, broker, how === 'regex' ? pattern.replace(/\\\./g, '.') : pattern, kind));
      for (const p of this.sent) {
        if (p.broker !== broker || (broker === 'rabbitmq' && (p.kind === 'queue' || (exchange !== null && p.exchange !== null && p.exchange !== exchange)))) continue;
        if (patternMatches(how, pattern, p.key)) ids.add(p.id);
      }
    };
    if (bindings.length) {
      subscriptions.length = 0;
      for (const b of bindings) {
        if (broker !== 'rabbitmq') {
          // A Pub/Sub subscription reads its topic.
          for (const topic of b.patterns) {
            subscriptions.push(topic);
            follow(topic, 'exact', null, 'topic');
          }
          continue;
        }
        const type = b.exchange ? (this.exchangeTypes.get(b.exchange) ?? 'topic') : 'topic';
        if ((type === 'fanout' || type === 'headers') && b.exchange) {
          ids.add(this.register(c.service, broker, b.exchange, 'exchange'));
          subscriptions.push(b.exchange);
          continue;
        }
        for (const pattern of b.patterns) {
          subscriptions.push(pattern);
          follow(pattern, type === 'topic' ? 'amqp' : 'exact', b.exchange, 'topic');
        }
      }
    } else {
      for (const s of c.subscriptions) follow(s, match, null, c.fact.channelKind);
    }
    return { ids, subscriptions };
  }

  /** Adds every channel node, with its broker when the services using it connect to one broker datastore. */
  flush(): void {
    for (const [id, entry] of this.channels) {
      const brokers = new Set<string | null>();
      for (const user of entry.users) {
        const [serviceId, broker] = user.split('|') as [string, BrokerKind];
        brokers.add(this.brokerOf(serviceId, broker));
      }
      const only = brokers.size === 1 ? [...brokers][0]! : null;
      const channel: Channel = { id, kind: entry.kind, name: entry.name, broker: only };
      this.ctx.input.addChannel(channel);
    }
  }

  /** The broker datastore a service uses: the one its code connects to, else the one its manifests connect it to. */
  private brokerOf(serviceId: string, broker: BrokerKind): string | null {
    const fromCode = this.connections.get(`${serviceId}|${broker}`);
    if (fromCode?.size === 1) return [...fromCode][0]!;
    const kinds = BROKER_DATASTORES[broker];
    const targets = new Set(this.ctx.input.edges.list().filter((e) => e.from === serviceId && kinds.some((k) => e.to.startsWith(`datastore:${k}:`))).map((e) => e.to));
    return targets.size === 1 ? [...targets][0]! : null;
  }
}
