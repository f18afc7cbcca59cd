import axios from 'axios';
import { env } from '../config.js';

/**
 * ParcelHub, the carrier aggregator we buy labels and rates from. Its rate endpoint is slow
 * at peak times, so the timeout was raised until the errors stopped.
 */
const carrierApi = axios.create({
  baseURL: env.CARRIER_API_URL,
  timeout: 10_000,
  headers: { authorization: `Bearer ${env.CARRIER_API_KEY}`, accept: 'application/json' },
});

export interface RateRequest {
  destination: { postalCode: string; country: string };
  weightGrams: number;
}

export interface CarrierRate {
  carrier: string;
  service: string;
  priceCents: number;
  currency: string;
  estimatedDays: number;
}

/** Where parcels leave from, and the carriers and services we have contracts for. */
export const CARRIERS = [
  { id: 'dhl', name: 'DHL Paket', services: ['standard', 'express'] },
  { id: 'dpd', name: 'DPD', services: ['classic'] },
  { id: 'ups', name: 'UPS', services: ['standard', 'saver'] },
] as const;

const CONTRACTED = new Set<string>(CARRIERS.map((carrier) => carrier.id));

export async function fetchRates(request: RateRequest): Promise<CarrierRate[]> {
  const { data } = await carrierApi.post<{ rates: CarrierRate[] }>('/v2/rates', {
    origin: { postalCode: env.WAREHOUSE_POSTAL_CODE, country: env.WAREHOUSE_COUNTRY },
    destination: request.destination,
    parcels: [{ weightGrams: request.weightGrams }],
  });
  return data.rates.filter((rate) => CONTRACTED.has(rate.carrier));
}

export function cheapest(rates: CarrierRate[]): CarrierRate | null {
  return rates.reduce<CarrierRate | null>((best, rate) => (best === null || rate.priceCents < best.priceCents ? rate : best), null);
}
