-- payments service: database "payments" on payments-db. Owned by the payments team.

CREATE TABLE payments (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id        uuid NOT NULL,
  user_id         text NOT NULL,
  amount_cents    integer NOT NULL CHECK (amount_cents > 0),
  currency        char(3) NOT NULL,
  status          text NOT NULL,                -- pending, succeeded, failed, refunded
  psp_charge_id   text UNIQUE,
  failure_reason  text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX payments_order_id_idx ON payments (order_id);

CREATE TABLE refunds (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  payment_id     uuid NOT NULL REFERENCES payments (id),
  psp_refund_id  text NOT NULL UNIQUE,
  amount_cents   integer NOT NULL CHECK (amount_cents > 0),
  reason         text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);

-- One row per Idempotency-Key: claimed when a request starts, completed with the response.
CREATE TABLE idempotency_keys (
  scope            text NOT NULL,               -- charge, refund
  key              text NOT NULL,
  request_hash     text NOT NULL,
  response_status  integer,
  response_body    jsonb,
  created_at       timestamptz NOT NULL DEFAULT now(),
  completed_at     timestamptz,
  PRIMARY KEY (scope, key)
);
