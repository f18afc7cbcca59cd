import { env } from '../config.js';

export interface Contact {
  id: string;
  email: string;
  fullName: string;
  locale: string;
}

export class ContactNotFoundError extends Error {
  constructor(userId: string) {
    super(`no contact details for user ${userId}`);
  }
}

/** Name, e-mail address and locale of the customer a notification is for. */
export async function fetchContact(userId: string): Promise<Contact> {
  const response = await fetch(`${env.USERS_URL}/users/${encodeURIComponent(userId)}/contact`, {
    headers: { accept: 'application/json' },
  });
  if (response.status === 404) throw new ContactNotFoundError(userId);
  if (!response.ok) throw new Error(`users answered ${response.status} for contact ${userId}`);
  return (await response.json()) as Contact;
}
