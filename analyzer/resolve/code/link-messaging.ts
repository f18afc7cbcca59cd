import { factsOf } from '../facts-of.js';
import type { Location, SymString } from '../../types/index.js';
import type { BrokerClientFact, BrokerConnectionFact, BrokerKind, ConsumeFact, PublishFact, QueueBindingFact } from '../../types/messaging-facts.js';
import type { LinkedConsumer, LinkedPublish } from '../../types/messaging-links.js';
import type { Reached } from './call-graph.js';
import type { Linker, LinkerContext, ServiceReach } from './link-code.js';
import { ChannelBook } from './messaging-channels.js';
import { BROKER_PROTOCOL, channelName, displayName, renderNames, wildcardName } from './messaging-names.js';
import { dedupeOf, functionScopes, liftSite, payloadSites, Validations } from './messaging-sites.js';

type Messaging = PublishFact | ConsumeFact | QueueBindingFact;

/** A consume fact reached in a service, with where it is registered and who handles it. */
export interface ReachedConsumer {
  service: ServiceReach;
  fact: ConsumeFact;
  location: Location;
  via: Location | null;
  handlers: string[];
  names: string[][];
  queue: string | null;
}

/**
 * Messaging linker: turns publish and consume facts reached in each service into channel
 * nodes, `publishes` (service → channel) and `consumes` (channel → service) edges, and
 * `links.messages` for the rules: where each publish names its channel (the wrapper call that
 * passes a literal routing key), whether its payload is validated, what each consumer's
 * handler reaches and whether it dedupes.
 */
export const linkMessaging: Linker = (ctx) => {
  const clients = new Map(ctx.facts.filter((f): f is BrokerClientFact => f.kind === 'broker-client').map((c) => [`${c.file}#${c.name}`, c]));
  const validations = new Validations(
    ctx.facts.filter((f) => f.kind === 'validated-arg'),
    ctx.facts.filter((f) => f.kind === 'message-schema'),
    ctx.graph,
  );
  const book = new ChannelBook(ctx);
  const publishes = new Map<string, LinkedPublish>();
  const consumers: ReachedConsumer[] = [];
  // Declarations first (exchange types, connections), so every publish and consumer sees them all.
  const work: [ServiceReach, Reached, string | null][] = [];
  for (const service of ctx.services) {
    const reached: [Reached, string | null][] = [...service.endpoints.flatMap((e) => e.reached.map((r): [Reached, string | null] => [r, e.key])), ...service.background.map((r): [Reached, null] => [r, null])];
    for (const [r, endpoint] of reached) {
      if (r.fact.kind === 'exchange-declare' || r.fact.kind === 'broker-connection') book.declare(service, r.fact, ctx);
      else if (r.fact.kind === 'publish' || r.fact.kind === 'consume' || r.fact.kind === 'queue-binding') work.push([service, r, endpoint]);
    }
  }
  const transports = nestTransports(ctx);
  for (const [service, r, endpoint] of work) {
    for (const each of withTransport(ctx, r.fact as Messaging, transports.get(service.source.id))) {
      const fact = confirmed(each, clients, ctx);
      if (!fact || definitionOnly(r, fact)) continue;
      if (fact.kind === 'queue-binding') book.bind(service, fact, values(ctx, fact.queue, fact.file), values(ctx, fact.pattern, fact.file));
      else if (fact.kind === 'publish') linkPublish(ctx, service, r, fact, endpoint, book, validations, publishes);
      else consumers.push(reachedConsumer(ctx, service, r, fact, new Set(service.files)));
    }
  }
  const linkedConsumers = book.consumers(consumers, (c) => dedupeOf(ctx.graph, c.handlers, new Set(c.service.files)));
  book.flush();
  ctx.links.messages = {
    publishes: [...publishes.values()].map((p) => ({ ...p, endpoints: [...p.endpoints].sort() })).sort(byId),
    consumers: linkedConsumers.sort(byId),
  };
};

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Names a symbolic value takes, each element of a list separately, with constants of other modules filled in. */
export function values(ctx: LinkerContext, sym: SymString | null, file: string): SymString[] {
  if (!sym) return [];
  const value = ctx.withValues(sym, file);
  const elements = value.length === 1 && 'list' in value[0]! ? value[0].list : [value];
  return elements.map((e) => ctx.withValues(e, file));
}

interface NestTransports {
  /** Client token (as text) → brokers its registrations use. */
  clients: Map<string, Set<BrokerKind>>;
  /** Brokers the service listens on. */
  servers: Set<BrokerKind>;
}

/** The NestJS transports of each service: clients by token, and the servers it listens on, from its files. */
function nestTransports(ctx: LinkerContext): Map<string, NestTransports> {
  const out = new Map<string, NestTransports>();
  for (const service of ctx.services) {
    const files = new Set(service.files);
    const t: NestTransports = { clients: new Map(), servers: new Set() };
    for (const f of factsOf(ctx.facts, 'broker-connection')) {
      if (!f.nest || !files.has(f.file)) continue;
      if (f.nest.role === 'server') t.servers.add(f.broker);
      else {
        const token = f.nest.token ? literal(ctx.withValues(f.nest.token, f.file)) : '';
        t.clients.set(token ?? '', (t.clients.get(token ?? '') ?? new Set()).add(f.broker));
      }
    }
    out.set(service.source.id, t);
  }
  return out;
}

function literal(sym: SymString): string | null {
  return sym.every((p) => 'lit' in p) ? sym.map((p) => ('lit' in p ? p.lit : '')).join('') : null;
}

/**
 * A NestJS event goes over a transport: an emit over the client registered under its token
 * (none when that is TCP), a handler over every broker the service listens on.
 */
function withTransport(ctx: LinkerContext, fact: Messaging, transports: NestTransports | undefined): Messaging[] {
  if (fact.kind === 'queue-binding' || !fact.transport) return [fact];
  const token = fact.transport.token ? literal(ctx.withValues(fact.transport.token, fact.file)) : null;
  const brokers = fact.kind === 'consume' ? transports?.servers : token !== null ? transports?.clients.get(token) : undefined;
  return [...(brokers ?? [])].sort().map((broker) => ({ ...fact, broker, channelKind: broker === 'nats' ? 'subject' : 'topic' }));
}

/** A call on an instance exported by another module counts when that instance is this broker's. */
function confirmed(fact: Messaging, clients: Map<string, BrokerClientFact>, ctx: LinkerContext): Messaging | null {
  if (fact.kind === 'queue-binding' || !fact.instance) return fact;
  const file = ctx.graph.resolver.resolve(fact.file, fact.instance.module);
  const client = file ? clients.get(`${file}#${fact.instance.name}`) : undefined;
  if (!client || client.broker !== fact.broker) return null;
  fact = { ...fact, library: client.library };
  if (fact.kind === 'publish' && client.channel && fact.channel.length === 0) return { ...fact, channel: client.channel };
  if (fact.kind === 'consume' && client.channel && client.role === 'subscription') return { ...fact, queue: fact.queue ?? client.channel };
  if (fact.kind === 'consume' && client.channel && fact.channels.length === 0) return { ...fact, channels: [client.channel], queue: fact.queue ?? client.channel };
  return fact;
}

/** A wrapper's own library call, never called with values (`Broker.consume` in a service that only publishes): not a publish or consumer. */
function definitionOnly(r: Reached, fact: Messaging): boolean {
  const key = fact.kind === 'publish' ? [fact.channel] : fact.kind === 'consume' ? [fact.queue, fact.handler, ...fact.channels] : [fact.queue, fact.pattern];
  const open = key.some((sym) => sym?.some((p) => 'param' in p));
  return open && !r.path?.length;
}

function linkPublish(ctx: LinkerContext, service: ServiceReach, r: Reached, fact: PublishFact, endpoint: string | null, book: ChannelBook, validations: Validations, out: Map<string, LinkedPublish>): void {
  const raw = (r.raw ?? fact) as PublishFact;
  const site = liftSite(r, raw.channel) ?? liftSite(r, raw.exchange);
  const own: Location = { file: fact.file, line: fact.line };
  const location = site ? { file: site.file, line: site.line } : own;
  const exchange = fact.exchange ? renderNames(ctx.withValues(fact.exchange, fact.file), service.env)?.[0] ?? null : null;
  const validation =
    (fact.payloadArg !== null && fact.line ? validations.at(fact.file, fact.line, fact.payloadArg) : null) ??
    payloadSites(r, raw.payloadFrom).map((s) => validations.at(s.file, s.line, s.arg)).find(Boolean) ??
    null;
  for (const sym of values(ctx, fact.channel, fact.file)) {
    const dotted = fact.broker === 'rabbitmq' || fact.broker === 'nats';
    const names = renderNames(sym, service.env)?.map((n) => channelName(fact.broker, n)) ?? (dotted ? [wildcardName(sym, service.env)].filter((n): n is string => n !== null) : []);
    for (const name of names.length ? names : [null]) {
      const channel = name === null ? null : book.published(service, fact, name, exchange);
      const id = `${service.source.id}|${location.file}:${location.line}|${channel ?? displayName(sym)}`;
      const existing = out.get(id);
      if (existing) {
        if (endpoint && !existing.endpoints.includes(endpoint)) existing.endpoints.push(endpoint);
      } else {
        out.set(id, {
          id, service: service.source.id, channel, name: name ?? displayName(sym), broker: fact.broker, library: fact.library, exchange, pattern: fact.pattern,
          location, via: site ? own : null, endpoints: endpoint ? [endpoint] : [], inLoop: r.inLoop || fact.inLoop, validation,
        });
      }
      if (channel) {
        ctx.input.edges.add({ from: service.source.id, to: channel, kind: 'publishes', protocol: BROKER_PROTOCOL[fact.broker], protocolFrom: 'code', via: fact.library, declared: false, observed: true, endpoints: endpoint ? [endpoint] : [], location });
      }
    }
  }
}

function reachedConsumer(ctx: LinkerContext, service: ServiceReach, r: Reached, fact: ConsumeFact, files: Set<string>): ReachedConsumer {
  const raw = (r.raw ?? fact) as ConsumeFact;
  const site = liftSite(r, raw.queue) ?? raw.channels.map((c) => liftSite(r, c)).find(Boolean) ?? liftSite(r, raw.handler);
  const own: Location = { file: fact.file, line: fact.line };
  // The handler the library calls, and the functions passed to the wrapper call that registered the consumer (constants are values, not functions).
  const passed = site ? site.step.call.args.map((a) => (a ? ctx.withValues(a, site.file) : null)) : [];
  const handlers = [...functionScopes(ctx.graph, fact.file, fact.handler), ...passed.flatMap((a) => functionScopes(ctx.graph, site!.file, a))].filter((h) => files.has(h.slice(0, h.indexOf('#'))));
  const queue = fact.queue ? renderNames(ctx.withValues(fact.queue, fact.file), service.env)?.[0] ?? null : null;
  const names = fact.channels.map((c) => values(ctx, c, fact.file).flatMap((sym) => renderNames(sym, service.env)?.map((n) => channelName(fact.broker, n)) ?? []));
  return { service, fact, location: site ? { file: site.file, line: site.line } : own, via: site ? own : null, handlers: [...new Set(handlers)], names, queue };
}

export type { BrokerKind, LinkedConsumer };
