-- inventory service: tables in the "shop" database on shop-db.
-- The shop database is what is left of the monolith; orders still lives in it too
-- (see services/orders/migrations). Inventory owns the tables below.

CREATE TABLE products (
  sku           text PRIMARY KEY,
  name          text NOT NULL,
  description   text NOT NULL DEFAULT '',
  price_cents   integer NOT NULL CHECK (price_cents >= 0),
  currency      char(3) NOT NULL DEFAULT 'EUR',
  weight_grams  integer NOT NULL CHECK (weight_grams > 0),
  active        boolean NOT NULL DEFAULT true
);

CREATE TABLE stock_levels (
  sku         text PRIMARY KEY REFERENCES products (sku),
  on_hand     integer NOT NULL CHECK (on_hand >= 0),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- status: held (reserved for an unpaid or unshipped order), released, shipped
CREATE TABLE stock_reservations (
  order_id     uuid NOT NULL,
  sku          text NOT NULL REFERENCES products (sku),
  quantity     integer NOT NULL CHECK (quantity > 0),
  status       text NOT NULL DEFAULT 'held',
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (order_id, sku)
);

CREATE INDEX stock_reservations_held_idx ON stock_reservations (sku) WHERE status = 'held';

INSERT INTO products (sku, name, description, price_cents, weight_grams) VALUES
  ('MUG-001', 'Stoneware mug', 'Hand-glazed, 350 ml', 1400, 420),
  ('TEE-042', 'Organic cotton tee', 'Unisex, heather grey', 2500, 180),
  ('BAG-007', 'Canvas tote bag', 'Heavy canvas with inner pocket', 1900, 310);

INSERT INTO stock_levels (sku, on_hand) VALUES ('MUG-001', 120), ('TEE-042', 300), ('BAG-007', 75);
