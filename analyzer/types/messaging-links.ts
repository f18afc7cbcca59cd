import type { Location } from './common.js';
import type { BrokerKind, DedupeHow } from './messaging-facts.js';

/**
 * What the link stage learned about messaging: every publish and every consumer of each
 * service, with the channel nodes they reach. Rules read these beside the graph
 * (`untyped-events`: a publish without validation; `missing-idempotency-key`: a consumer
 * without dedupe).
 */
export interface LinkedPublish {
  /** `service|file:line|channel`, unique per publish site and channel. */
  id: string;
  service: string;
  /** Channel node id, or null when the name could not be worked out. */
  channel: string | null;
  /** The channel name as far as it is known (`{param0}`, `${TOPIC}` where not). */
  name: string;
  broker: BrokerKind;
  library: string;
  /** AMQP exchange, when one is used. */
  exchange: string | null;
  pattern: 'event' | 'request';
  /** Where the channel is named: the library call, or the call of a wrapper (`broker.publish('order.created', ...)`) that supplies it. */
  location: Location;
  /** The library call itself, when the publish goes through a wrapper. */
  via: Location | null;
  /** Endpoints (`METHOD /path`) whose handling publishes this. */
  endpoints: string[];
  inLoop: boolean;
  /** How the payload is validated before it is sent; null when it is not. */
  validation: PayloadValidation | null;
}

export interface PayloadValidation {
  /** zod, joi, ajv, class-validator, yup, schema-registry, ... */
  library: string;
  /** The schema's name when it has one (`OrderCreated`). */
  schema: string | null;
  method: string;
  location: Location;
}

export interface LinkedConsumer {
  /** `service|file:line`. */
  id: string;
  service: string;
  broker: BrokerKind;
  library: string;
  /** Channel node ids the consumer receives from (matched bindings and subscriptions). */
  channels: string[];
  /** Binding keys, topics or subjects as written (patterns included). */
  subscriptions: string[];
  /** Queue, subscription or consumer group, when there is one. */
  queue: string | null;
  pattern: 'event' | 'request';
  /** The consumer registration (`broker.consume(...)`, `consumer.subscribe(...)`, `@EventPattern`). */
  location: Location;
  via: Location | null;
  /** Scope ids of the message handlers. */
  handlers: string[];
  /** How the handling ignores a message it has seen before; null when nothing does. */
  dedupe: ConsumerDedupe | null;
}

export interface ConsumerDedupe {
  how: DedupeHow;
  detail: string;
  location: Location;
}

export interface MessagingLinks {
  publishes: LinkedPublish[];
  consumers: LinkedConsumer[];
}
