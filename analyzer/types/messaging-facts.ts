import { z } from 'zod';
import { CallTargetSchema, SymStringSchema } from './code-facts.js';

/**
 * Facts about messaging: what code publishes and consumes through a broker, how it connects,
 * how it validates payloads and how consumers ignore duplicates. Names (topics, queues,
 * routing keys) are symbolic strings, filled in from call paths and constants by the link stage.
 */
const base = {
  file: z.string(),
  line: z.number().int().positive().optional(),
  library: z.string(),
};
const scope = z.string().describe('Scope id of the function the call sits in.');

export const BrokerKindSchema = z.enum(['rabbitmq', 'kafka', 'nats', 'redis', 'bullmq', 'sqs', 'sns', 'pubsub', 'mqtt']);
export type BrokerKind = z.infer<typeof BrokerKindSchema>;
export const ChannelKindSchema = z.enum(['topic', 'queue', 'exchange', 'subject', 'stream']);
export type ChannelKind = z.infer<typeof ChannelKindSchema>;

/**
 * NestJS microservices: the broker is a transport configured elsewhere, settled by the link
 * stage: the client registered under `token` (`ClientsModule.register([{ name, transport }])`),
 * or for handlers (`token: null`) the transports the service listens on.
 */
const transport = z.object({ framework: z.literal('nestjs'), token: SymStringSchema.nullable() }).optional();

/** A library instance exported by another module (`export const producer = kafka.producer()`): calls on it are confirmed by the link stage. */
const instance = z.object({ module: z.string(), name: z.string() }).optional();

/** A message sent: an event (`emit`, `publish`, `send`), or a request that waits for a reply. */
export const PublishFactSchema = z.object({
  kind: z.literal('publish'),
  ...base,
  scope,
  broker: BrokerKindSchema,
  channelKind: ChannelKindSchema,
  /** Topic, subject, queue or routing key; for AMQP exchanges the routing key. */
  channel: SymStringSchema,
  /** AMQP: the exchange (`[]` for the default exchange, where the routing key is a queue). */
  exchange: SymStringSchema.nullable(),
  pattern: z.enum(['event', 'request']),
  /** Parameters of the enclosing functions the payload is built from (`[{ param, fn }]` each), so callers' arguments can be judged. */
  payloadFrom: z.array(SymStringSchema),
  /** Index of the call argument holding the payload (its validation is looked up there). */
  payloadArg: z.number().int().nullable(),
  inLoop: z.boolean(),
  instance,
  transport,
});
export type PublishFact = z.infer<typeof PublishFactSchema>;

/** A subscription or consumer: the channels or queue it reads and the function that handles messages. */
export const ConsumeFactSchema = z.object({
  kind: z.literal('consume'),
  ...base,
  scope,
  broker: BrokerKindSchema,
  channelKind: ChannelKindSchema,
  /** Topics, subjects, patterns or queue names read; each may be a list value after linking. */
  channels: z.array(SymStringSchema),
  /** How `channels` match published names: exactly, AMQP (`*`, `#`), NATS (`*`, `>`), glob (Redis), or a regular expression. */
  match: z.enum(['exact', 'amqp', 'nats', 'glob', 'regex']),
  /** AMQP or SQS queue, BullMQ queue, Pub/Sub subscription, Kafka consumer group or NATS queue group. */
  queue: SymStringSchema.nullable(),
  /** The message handler: `[{ scope }]`, an imported function `[{ ref }]`, or a parameter filled in by the link stage. */
  handler: SymStringSchema.nullable(),
  pattern: z.enum(['event', 'request']),
  /** Identity of the consumer object (`scope:variable`, `Class.member`): subscriptions and handlers registered on it belong together. */
  client: z.string().nullable(),
  instance,
  transport,
});
export type ConsumeFact = z.infer<typeof ConsumeFactSchema>;

/** AMQP `bindQueue(queue, exchange, pattern)`: messages of `exchange` whose routing key matches `pattern` go to `queue`. */
export const QueueBindingFactSchema = z.object({
  kind: z.literal('queue-binding'),
  ...base,
  scope,
  broker: BrokerKindSchema,
  queue: SymStringSchema,
  exchange: SymStringSchema,
  /** Binding key (may be a list value: each element is one binding). */
  pattern: SymStringSchema,
});
export type QueueBindingFact = z.infer<typeof QueueBindingFactSchema>;

/** AMQP `assertExchange(name, type)`: the type decides how routing keys are matched. */
export const ExchangeFactSchema = z.object({
  kind: z.literal('exchange-declare'),
  ...base,
  scope,
  broker: BrokerKindSchema,
  exchange: SymStringSchema,
  type: z.string().nullable(),
});
export type ExchangeFact = z.infer<typeof ExchangeFactSchema>;

/** A connection to a broker: the address the code connects to (a URL, `host:port` list, ...). */
export const BrokerConnectionFactSchema = z.object({
  kind: z.literal('broker-connection'),
  ...base,
  scope,
  broker: BrokerKindSchema,
  address: SymStringSchema,
  /** NestJS transports: a client registered under a token, or the transport the service listens on. */
  nest: z.object({ role: z.enum(['client', 'server']), token: SymStringSchema.nullable() }).optional(),
});
export type BrokerConnectionFact = z.infer<typeof BrokerConnectionFactSchema>;

/** A library object other modules import: a channel, producer, queue or client. */
export const BrokerClientFactSchema = z.object({
  kind: z.literal('broker-client'),
  ...base,
  name: z.string(),
  exported: z.boolean(),
  broker: BrokerKindSchema,
  role: z.enum(['connection', 'channel', 'producer', 'consumer', 'client', 'queue', 'topic', 'subscription']),
  /** The queue, topic or subscription the object is bound to (BullMQ `new Queue('emails')`, `pubsub.topic('orders')`). */
  channel: SymStringSchema.nullable(),
});
export type BrokerClientFact = z.infer<typeof BrokerClientFactSchema>;

export const DedupeHowSchema = z.enum(['insert-ignore', 'unique-violation', 'processed-lookup', 'claim-key']);
export type DedupeHow = z.infer<typeof DedupeHowSchema>;

/**
 * Something that makes repeated work a no-op: an insert that ignores duplicates, a caught
 * unique-constraint violation, a lookup in a processed-messages store, a key claimed with
 * `SET NX`. Consumers whose handling reaches one dedupe (see docs/messaging.md).
 */
export const DedupeGuardFactSchema = z.object({
  kind: z.literal('dedupe-guard'),
  ...base,
  scope,
  how: DedupeHowSchema,
  /** What was seen, short: `INSERT INTO processed_events ... ON CONFLICT DO NOTHING`, `SET NX`. */
  detail: z.string(),
});
export type DedupeGuardFact = z.infer<typeof DedupeGuardFactSchema>;

/** A schema defined with a validation library: `export const OrderCreated = z.object({...})`, a class with class-validator decorators. */
export const MessageSchemaFactSchema = z.object({
  kind: z.literal('message-schema'),
  ...base,
  name: z.string(),
  exported: z.boolean(),
});
export type MessageSchemaFact = z.infer<typeof MessageSchemaFactSchema>;

/**
 * An argument of a call is a validated value: `broker.publish('x', OrderCreated.parse(data))`,
 * a value built by `validate(...)` or checked by one before the call. `schema` names the
 * schema when it is imported or local (confirmed by a `message-schema` fact), `library` when
 * the validation library is known here.
 */
export const ValidatedArgFactSchema = z.object({
  kind: z.literal('validated-arg'),
  ...base,
  arg: z.number().int(),
  /** Line of the validation itself (`OrderCreated.parse(...)`, an earlier `validate(event)`). */
  checkedAt: z.number().int(),
  method: z.string(),
  schema: z.union([CallTargetSchema, z.null()]),
  validator: z.string().nullable().describe('Validation library when known at the call: zod, joi, ajv, class-validator, ...'),
});
export type ValidatedArgFact = z.infer<typeof ValidatedArgFactSchema>;

export const MESSAGING_FACT_SCHEMAS = [
  PublishFactSchema,
  ConsumeFactSchema,
  QueueBindingFactSchema,
  ExchangeFactSchema,
  BrokerConnectionFactSchema,
  BrokerClientFactSchema,
  DedupeGuardFactSchema,
  MessageSchemaFactSchema,
  ValidatedArgFactSchema,
] as const;
