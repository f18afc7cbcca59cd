-- shipping service: database "shipping" on shipping-db. Owned by the fulfilment team.

CREATE TABLE shipments (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id         uuid NOT NULL UNIQUE,
  user_id          text NOT NULL,
  carrier          text NOT NULL,
  service          text NOT NULL,
  status           text NOT NULL,               -- awaiting_pickup, dispatched, delivered
  tracking_number  text,
  weight_grams     integer NOT NULL,
  address          jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  dispatched_at    timestamptz,
  delivered_at     timestamptz
);

CREATE INDEX shipments_user_id_idx ON shipments (user_id, created_at DESC);
