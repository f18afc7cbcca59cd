import type pg from 'pg';
import type { Broker, EventEnvelope } from '../broker.js';
import { fetchContact } from '../clients/users.js';
import { sendMail } from '../clients/mail.js';
import { withTransaction } from '../db.js';
import { messageFor, type Message } from '../events.js';
import { inSpan, logger } from '../observability.js';

const QUEUE = 'notifications.events';
const ROUTING_KEYS = ['order.created', 'order.cancelled', 'payment.succeeded', 'payment.failed', 'shipment.dispatched'];

/**
 * Stores the in-app notification for an event, exactly once: the event id is recorded in
 * processed_events in the same transaction, so a redelivered message finds its id and stops.
 * Returns the new notification's id, or null for a duplicate.
 */
async function storeOnce(pool: pg.Pool, event: EventEnvelope, message: Message): Promise<string | null> {
  return withTransaction(pool, async (client) => {
    const claimed = await client.query(
      `INSERT INTO processed_events (event_id, event_type) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING`,
      [event.id, event.type],
    );
    if (claimed.rowCount === 0) return null;
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO notifications (user_id, kind, title, body, event_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [message.userId, message.kind, message.title, message.body, event.id],
    );
    return rows[0]!.id;
  });
}

/** E-mail is best effort: the in-app notification is already stored when this runs. */
async function emailCustomer(pool: pg.Pool, notificationId: string, message: Message): Promise<void> {
  try {
    const contact = await fetchContact(message.userId);
    await sendMail({
      to: contact.email,
      subject: message.title,
      text: `Hello ${contact.fullName},\n\n${message.body}\n\nYour shop team`,
      reference: notificationId,
    });
    await pool.query(`UPDATE notifications SET emailed_at = now() WHERE id = $1`, [notificationId]);
  } catch (err) {
    logger.warn({ err, notificationId }, 'e-mail not sent, the in-app notification is stored');
  }
}

async function handle(pool: pg.Pool, event: EventEnvelope): Promise<void> {
  const message = messageFor(event.type, event.data);
  if (!message) return;
  await inSpan('notifications.handle_event', { 'messaging.message.id': event.id, 'shop.event_type': event.type }, async () => {
    const notificationId = await storeOnce(pool, event, message);
    if (notificationId === null) {
      logger.info({ eventId: event.id, type: event.type }, 'duplicate event ignored');
      return;
    }
    await emailCustomer(pool, notificationId, message);
  });
}

export function consumeShopEvents(broker: Broker, pool: pg.Pool): void {
  broker.consume(QUEUE, ROUTING_KEYS, (event) => handle(pool, event));
}
