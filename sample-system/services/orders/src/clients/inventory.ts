import axios from 'axios';
import { env } from '../config.js';

/** HTTP client for the inventory service's catalogue. */
export const inventoryApi = axios.create({
  baseURL: env.INVENTORY_URL,
  timeout: 2_000,
  headers: { accept: 'application/json' },
});

export interface CatalogueProduct {
  sku: string;
  name: string;
  priceCents: number;
  currency: string;
  weightGrams: number;
  active: boolean;
  available: number;
}

export class OutOfStockError extends Error {
  constructor(detail: string) {
    super(`out of stock: ${detail}`);
  }
}

/**
 * Holds stock for an order (saga step 2). Inventory keys reservations by order id, so a
 * retried PUT does not hold the stock twice.
 */
export async function reserveStock(orderId: string, items: Array<{ sku: string; quantity: number }>): Promise<void> {
  try {
    await axios.put(`http://inventory:3000/reservations/${orderId}`, { items }, { timeout: 2_000 });
  } catch (err) {
    if (axios.isAxiosError(err) && err.response?.status === 409) {
      const body = err.response.data as { error?: string } | undefined;
      throw new OutOfStockError(body?.error ?? 'insufficient stock');
    }
    throw err;
  }
}
