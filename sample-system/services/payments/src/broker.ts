import { randomUUID } from 'node:crypto';
import amqp, { type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { describeError } from './db.js';
import type { DependencyStatus } from './health.js';
import { SERVICE_NAME, logger } from './observability.js';

/** Every shop event goes through one durable topic exchange; the routing key is the event type. */
export const EXCHANGE = 'shop.events';
/** Messages a consumer rejects twice end up in `<queue>.dead` for someone to look at. */
const DEAD_LETTER_EXCHANGE = 'shop.events.dead-letter';

export interface EventEnvelope {
  id: string;
  type: string;
  source: string;
  occurredAt: string;
  data: unknown;
}

export class BrokerUnavailableError extends Error {
  constructor(reason: string | null) {
    super(`message broker unavailable${reason ? `: ${reason}` : ''}`);
  }
}

type Topology = (channel: ConfirmChannel) => Promise<void>;
export type EventHandler = (event: EventEnvelope, message: ConsumeMessage) => Promise<void>;

/**
 * One AMQP connection per process with reconnect and exponential backoff. The service keeps
 * serving HTTP while the broker is away; publishing fails fast and /health reports it.
 */
export class Broker {
  private connection: ChannelModel | null = null;
  private channel: ConfirmChannel | null = null;
  private lastError: string | null = 'not connected yet';
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closing = false;
  private readonly topology: Topology[] = [];

  constructor(private readonly url: string) {}

  start(): void {
    void this.connect();
  }

  async publish(routingKey: string, data: unknown): Promise<void> {
    const channel = this.channel;
    if (!channel) throw new BrokerUnavailableError(this.lastError);
    const envelope: EventEnvelope = { id: randomUUID(), type: routingKey, source: SERVICE_NAME, occurredAt: new Date().toISOString(), data };
    channel.publish(EXCHANGE, routingKey, Buffer.from(JSON.stringify(envelope)), {
      persistent: true,
      contentType: 'application/json',
      messageId: envelope.id,
      type: routingKey,
    });
    await withDeadline(channel.waitForConfirms(), 2_000, 'broker did not confirm the publish');
  }

  /** Declares a durable queue bound to `routingKeys` and consumes it once connected (again after each reconnect). */
  consume(queue: string, routingKeys: string[], handler: EventHandler): void {
    this.topology.push(async (channel) => {
      await channel.assertQueue(`${queue}.dead`, { durable: true });
      await channel.bindQueue(`${queue}.dead`, DEAD_LETTER_EXCHANGE, queue);
      await channel.assertQueue(queue, {
        durable: true,
        arguments: { 'x-dead-letter-exchange': DEAD_LETTER_EXCHANGE, 'x-dead-letter-routing-key': queue },
      });
      for (const key of routingKeys) await channel.bindQueue(queue, EXCHANGE, key);
      await channel.prefetch(10);
      await channel.consume(queue, (message) => {
        if (message) void this.dispatch(channel, queue, message, handler);
      });
    });
  }

  check(): Promise<DependencyStatus> {
    return Promise.resolve(this.channel ? { status: 'up' } : { status: 'down', error: this.lastError ?? 'not connected' });
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.connection?.close().catch(() => undefined);
  }

  private async dispatch(channel: ConfirmChannel, queue: string, message: ConsumeMessage, handler: EventHandler): Promise<void> {
    let event: EventEnvelope;
    try {
      event = JSON.parse(message.content.toString('utf8')) as EventEnvelope;
    } catch (err) {
      logger.error({ err, queue }, 'dropping unreadable message');
      channel.nack(message, false, false);
      return;
    }
    try {
      await handler(event, message);
      channel.ack(message);
    } catch (err) {
      logger.error({ err, queue, eventId: event.id, type: event.type }, 'event handler failed, message requeued');
      channel.nack(message, false, !message.fields.redelivered);
    }
  }

  private async connect(): Promise<void> {
    if (this.closing) return;
    let connection: ChannelModel | undefined;
    try {
      connection = await amqp.connect(this.url, { timeout: 2_000, clientProperties: { connection_name: SERVICE_NAME } });
      connection.on('error', (err: Error) => {
        this.lastError = describeError(err);
      });
      connection.on('close', () => {
        this.connection = null;
        this.channel = null;
        if (!this.closing) logger.warn('broker connection closed');
        this.scheduleReconnect();
      });
      const channel = await connection.createConfirmChannel();
      await channel.assertExchange(EXCHANGE, 'topic', { durable: true });
      await channel.assertExchange(DEAD_LETTER_EXCHANGE, 'direct', { durable: true });
      for (const declare of this.topology) await declare(channel);
      this.connection = connection;
      this.channel = channel;
      this.attempt = 0;
      this.lastError = null;
      logger.info('connected to broker');
    } catch (err) {
      this.lastError = describeError(err);
      await connection?.close().catch(() => undefined);
      if (this.attempt === 0) logger.warn({ err }, 'broker not reachable, retrying in the background');
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (this.closing || this.reconnectTimer) return;
    const ceiling = Math.min(30_000, 500 * 2 ** this.attempt);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }
}

async function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
