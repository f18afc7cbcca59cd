import CircuitBreaker from 'opossum';
import { env } from '../config.js';
import { logger } from '../observability.js';

/**
 * Transactional e-mail goes out through the mail relay's HTTP API. The call has its own 2 s
 * deadline and runs in a circuit breaker so a relay outage does not stall the event consumer.
 */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Our notification id; the relay drops a second message with the same reference. */
  reference: string;
}

async function postMessage(mail: OutgoingMail): Promise<void> {
  const response = await fetch(new URL('/v1/messages', env.MAIL_API_URL), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${env.MAIL_API_KEY}`,
      'content-type': 'application/json',
      'idempotency-key': mail.reference,
    },
    body: JSON.stringify({ from: env.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text }),
    signal: AbortSignal.timeout(2_000),
  });
  if (!response.ok) throw new Error(`mail relay answered ${response.status}`);
}

const mailBreaker = new CircuitBreaker(postMessage, {
  name: 'mail.send',
  timeout: 2_500,
  errorThresholdPercentage: 50,
  volumeThreshold: 5,
  resetTimeout: 30_000,
});
mailBreaker.on('open', () => logger.warn('mail relay circuit opened, e-mails are skipped until it closes'));
mailBreaker.on('close', () => logger.info('mail relay circuit closed'));

export function sendMail(mail: OutgoingMail): Promise<void> {
  return mailBreaker.fire(mail);
}
