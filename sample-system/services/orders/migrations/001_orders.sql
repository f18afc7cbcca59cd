-- orders service: tables in the "shop" database on shop-db, next to inventory's tables
-- (see services/inventory/migrations). Orders owns the tables below.

CREATE TABLE orders (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id           text NOT NULL,
  status            text NOT NULL DEFAULT 'pending',   -- pending, confirmed, cancelled
  currency          char(3) NOT NULL,
  subtotal_cents    integer NOT NULL,
  shipping_cents    integer,
  carrier           text,
  shipping_service  text,
  shipping_address  jsonb NOT NULL,
  payment_id        text,
  cancel_reason     text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX orders_user_id_created_at_idx ON orders (user_id, created_at DESC);

CREATE TABLE order_items (
  order_id          uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  sku               text NOT NULL,
  name              text NOT NULL,
  quantity          integer NOT NULL CHECK (quantity > 0),
  unit_price_cents  integer NOT NULL,
  weight_grams      integer NOT NULL,
  PRIMARY KEY (order_id, sku)
);
