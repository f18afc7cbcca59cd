import { Router } from 'express';
import type pg from 'pg';
import { z } from 'zod';
import { env } from '../config.js';
import { inSpan } from '../observability.js';
import { HttpError } from '../server.js';

export interface Product {
  sku: string;
  name: string;
  description: string;
  priceCents: number;
  currency: string;
  weightGrams: number;
  active: boolean;
  available: number;
}

const PRODUCT_COLUMNS = `
  p.sku, p.name, p.description, p.price_cents AS "priceCents", p.currency,
  p.weight_grams AS "weightGrams", p.active,
  GREATEST(COALESCE(s.on_hand, 0) - COALESCE(held.quantity, 0), 0)::int AS available`;

const PRODUCT_JOINS = `
  FROM products p
  LEFT JOIN stock_levels s ON s.sku = p.sku
  LEFT JOIN (
    SELECT sku, SUM(quantity) AS quantity FROM stock_reservations WHERE status = 'held' GROUP BY sku
  ) held ON held.sku = p.sku`;

const ListQuery = z.object({
  skus: z
    .string()
    .transform((value) => value.split(',').map((sku) => sku.trim()).filter(Boolean))
    .pipe(z.array(z.string()).min(1).max(100))
    .optional(),
  after: z.string().optional(),
});

/**
 * The public catalogue. `GET /products?skus=a,b,c` is the batch read for callers that need
 * several products at once.
 */
export function productsRouter(pool: pg.Pool): Router {
  const router = Router();

  router.get('/products', async (req, res) => {
    const query = ListQuery.parse(req.query);
    const products = await inSpan('inventory.list_products', { 'shop.batch': query.skus?.length ?? 0 }, async () => {
      if (query.skus) {
        const { rows } = await pool.query<Product>(`SELECT ${PRODUCT_COLUMNS} ${PRODUCT_JOINS} WHERE p.sku = ANY($1::text[])`, [query.skus]);
        return rows;
      }
      const { rows } = await pool.query<Product>(
        `SELECT ${PRODUCT_COLUMNS} ${PRODUCT_JOINS}
          WHERE p.active AND ($1::text IS NULL OR p.sku > $1)
          ORDER BY p.sku LIMIT $2`,
        [query.after ?? null, env.CATALOGUE_PAGE_SIZE],
      );
      return rows;
    });
    res.json({ products, next: products.length === env.CATALOGUE_PAGE_SIZE ? products.at(-1)?.sku : null });
  });

  router.get('/products/:sku', async (req, res) => {
    const { rows } = await pool.query<Product>(`SELECT ${PRODUCT_COLUMNS} ${PRODUCT_JOINS} WHERE p.sku = $1`, [req.params.sku]);
    const product = rows[0];
    if (!product) throw new HttpError(404, `unknown sku ${req.params.sku}`);
    res.json(product);
  });

  return router;
}
