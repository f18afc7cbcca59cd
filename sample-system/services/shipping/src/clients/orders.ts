import axios from 'axios';
import { env } from '../config.js';
import { logger } from '../observability.js';

/** HTTP client for the orders service: shipping reads an order's lines and address from it. */
const ordersApi = axios.create({
  baseURL: env.ORDERS_URL,
  timeout: 2_000,
  headers: { accept: 'application/json' },
});

export interface OrderForShipping {
  id: string;
  userId: string;
  status: string;
  currency: string;
  shippingAddress: { name: string; line1: string; city: string; postalCode: string; country: string };
  items: Array<{ sku: string; quantity: number; weightGrams: number }>;
}

export class OrderNotFoundError extends Error {
  constructor(orderId: string) {
    super(`order ${orderId} not found`);
  }
}

const MAX_ATTEMPTS = 3;

/** Orders sometimes answers 5xx under load; try again straight away. */
export async function fetchOrder(orderId: string): Promise<OrderForShipping> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    try {
      const { data } = await ordersApi.get<OrderForShipping>(`/orders/${encodeURIComponent(orderId)}`);
      return data;
    } catch (err) {
      if (axios.isAxiosError(err) && err.response?.status === 404) throw new OrderNotFoundError(orderId);
      lastError = err;
      logger.warn({ err, orderId, attempt }, 'fetching order failed');
    }
  }
  throw lastError;
}
