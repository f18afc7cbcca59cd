-- users service: database "users" on users-db. Owned by the users team.

CREATE TABLE users (
  id          text PRIMARY KEY,              -- subject id issued by the identity provider
  email       text NOT NULL UNIQUE,
  full_name   text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE addresses (
  id           serial PRIMARY KEY,
  user_id      text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  label        text NOT NULL DEFAULT 'home',
  line1        text NOT NULL,
  line2        text,
  city         text NOT NULL,
  postal_code  text NOT NULL,
  country      char(2) NOT NULL,
  is_default   boolean NOT NULL DEFAULT false
);

CREATE INDEX addresses_user_id_idx ON addresses (user_id);

CREATE TABLE user_preferences (
  user_id            text PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  locale             text NOT NULL DEFAULT 'en-GB',
  currency           char(3) NOT NULL DEFAULT 'EUR',
  marketing_emails   boolean NOT NULL DEFAULT false,
  unsubscribe_token  uuid NOT NULL DEFAULT gen_random_uuid(),
  unsubscribed_at    timestamptz,
  updated_at         timestamptz NOT NULL DEFAULT now()
);
