import type pg from 'pg';

export interface User {
  id: string;
  email: string;
  fullName: string;
  createdAt: string;
}

export interface Address {
  id: number;
  label: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  country: string;
  isDefault: boolean;
}

export interface Preferences {
  locale: string;
  currency: string;
  marketingEmails: boolean;
}

export interface Profile extends User {
  addresses: Address[];
  preferences: Preferences;
}

const DEFAULT_PREFERENCES: Preferences = { locale: 'en-GB', currency: 'EUR', marketingEmails: false };

export async function findUser(pool: pg.Pool, id: string): Promise<User | null> {
  const { rows } = await pool.query<User>(
    `SELECT id, email, full_name AS "fullName", created_at AS "createdAt" FROM users WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function findAddresses(pool: pg.Pool, userId: string): Promise<Address[]> {
  const { rows } = await pool.query<Address>(
    `SELECT id, label, line1, line2, city, postal_code AS "postalCode", country, is_default AS "isDefault"
       FROM addresses WHERE user_id = $1 ORDER BY is_default DESC, id`,
    [userId],
  );
  return rows;
}

export async function findPreferences(pool: pg.Pool, userId: string): Promise<Preferences> {
  const { rows } = await pool.query<Preferences>(
    `SELECT locale, currency, marketing_emails AS "marketingEmails" FROM user_preferences WHERE user_id = $1`,
    [userId],
  );
  return rows[0] ?? DEFAULT_PREFERENCES;
}

/** The coarse read: everything a caller usually needs about a customer in one round trip. */
export async function findProfile(pool: pg.Pool, id: string): Promise<Profile | null> {
  const user = await findUser(pool, id);
  if (!user) return null;
  const [addresses, preferences] = await Promise.all([findAddresses(pool, id), findPreferences(pool, id)]);
  return { ...user, addresses, preferences };
}

export async function upsertUser(pool: pg.Pool, id: string, email: string, fullName: string): Promise<User> {
  const { rows } = await pool.query<User>(
    `INSERT INTO users (id, email, full_name) VALUES ($1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, full_name = EXCLUDED.full_name, updated_at = now()
     RETURNING id, email, full_name AS "fullName", created_at AS "createdAt"`,
    [id, email, fullName],
  );
  await pool.query(`INSERT INTO user_preferences (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING`, [id]);
  return rows[0]!;
}

export async function updatePreferences(pool: pg.Pool, userId: string, changes: Partial<Preferences>): Promise<Preferences | null> {
  const { rows } = await pool.query<Preferences>(
    `UPDATE user_preferences
        SET locale = COALESCE($2, locale),
            currency = COALESCE($3, currency),
            marketing_emails = COALESCE($4, marketing_emails),
            updated_at = now()
      WHERE user_id = $1
      RETURNING locale, currency, marketing_emails AS "marketingEmails"`,
    [userId, changes.locale ?? null, changes.currency ?? null, changes.marketingEmails ?? null],
  );
  return rows[0] ?? null;
}
