import { inventoryApi, type CatalogueProduct } from '../clients/inventory.js';
import type { OrderLine } from '../orders-repository.js';
import { HttpError } from '../server.js';

export interface CartItem {
  sku: string;
  quantity: number;
}

export interface PricedCart {
  currency: string;
  subtotalCents: number;
  lines: OrderLine[];
}

/**
 * Prices the cart with the catalogue's current prices. Customers never send prices; what
 * they pay is what inventory says now.
 */
export async function priceCart(items: CartItem[]): Promise<PricedCart> {
  const lines: OrderLine[] = [];
  let currency: string | null = null;

  for (const item of items) {
    const response = await inventoryApi.get<CatalogueProduct>(`/products/${encodeURIComponent(item.sku)}`, {
      validateStatus: (status) => status === 200 || status === 404,
    });
    if (response.status === 404) throw new HttpError(422, `unknown product ${item.sku}`);
    const product = response.data;
    if (!product.active) throw new HttpError(422, `${item.sku} is no longer sold`);
    if (currency !== null && product.currency !== currency) {
      throw new HttpError(422, 'all products in one order must share a currency');
    }
    currency = product.currency;
    lines.push({
      sku: product.sku,
      name: product.name,
      quantity: item.quantity,
      unitPriceCents: product.priceCents,
      weightGrams: product.weightGrams,
    });
  }

  if (currency === null) throw new HttpError(422, 'the cart is empty');
  const subtotalCents = lines.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0);
  return { currency, subtotalCents, lines };
}
