import axios from 'axios';
import { env } from '../config.js';

/** HTTP client for the users service. */
export const usersApi = axios.create({
  baseURL: env.USERS_URL,
  timeout: 2_000,
  headers: { accept: 'application/json' },
});

export interface Customer {
  id: string;
  email: string;
  fullName: string;
}

export interface CustomerAddress {
  id: number;
  label: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  country: string;
  isDefault: boolean;
}

export interface CustomerPreferences {
  locale: string;
  currency: string;
  marketingEmails: boolean;
}
