import axios from 'axios';
import { env } from '../config.js';

/** HTTP client for the shipping service. */
export const shippingApi = axios.create({
  baseURL: env.SHIPPING_URL,
  timeout: 2_000,
  headers: { accept: 'application/json' },
});

export interface ShippingQuote {
  orderId: string;
  carrier: string;
  service: string;
  priceCents: number;
  currency: string;
  estimatedDays: number;
}

/**
 * Asks shipping to price the parcel for a pending order (saga step 1). Shipping reads the
 * order's lines and address back from us to do so.
 */
export async function quoteShipping(orderId: string): Promise<ShippingQuote> {
  const { data } = await shippingApi.get<ShippingQuote>('/quotes', { params: { orderId } });
  return data;
}
