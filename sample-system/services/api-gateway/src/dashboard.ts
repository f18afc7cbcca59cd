import axios from 'axios';
import { Router } from 'express';
import CircuitBreaker from 'opossum';
import { env } from './config.js';
import { inSpan, logger } from './observability.js';

/**
 * `GET /api/dashboard`: the account page's first screen in one request. The gateway asks four
 * services in parallel; each call sits behind its own circuit breaker and falls back to null,
 * so one slow service leaves a hole in the page instead of failing it.
 */
const usersApi = axios.create({ baseURL: env.USERS_URL, timeout: 1_500 });
const ordersApi = axios.create({ baseURL: env.ORDERS_URL, timeout: 1_500 });
const shippingApi = axios.create({ baseURL: env.SHIPPING_URL, timeout: 1_500 });
const notificationsApi = axios.create({ baseURL: env.NOTIFICATIONS_URL, timeout: 1_500 });

const asUser = (userId: string) => ({ headers: { 'x-user-id': userId } });

async function loadProfile(userId: string): Promise<unknown> {
  const { data } = await usersApi.get(`/users/${encodeURIComponent(userId)}/profile`, asUser(userId));
  return data;
}

async function loadRecentOrders(userId: string): Promise<unknown> {
  const { data } = await ordersApi.get('/orders', { ...asUser(userId), params: { limit: 5 } });
  return data;
}

async function loadActiveShipments(userId: string): Promise<unknown> {
  const { data } = await shippingApi.get('/shipments', { ...asUser(userId), params: { active: 'true' } });
  return data;
}

async function loadUnreadCount(userId: string): Promise<unknown> {
  const { data } = await notificationsApi.get<{ unread: number }>('/notifications/unread-count', asUser(userId));
  return data.unread;
}

const breakerOptions: CircuitBreaker.Options = {
  timeout: 2_000,
  errorThresholdPercentage: 50,
  volumeThreshold: 10,
  resetTimeout: 10_000,
};

const profile = new CircuitBreaker(loadProfile, { ...breakerOptions, name: 'dashboard.profile' });
const recentOrders = new CircuitBreaker(loadRecentOrders, { ...breakerOptions, name: 'dashboard.orders' });
const activeShipments = new CircuitBreaker(loadActiveShipments, { ...breakerOptions, name: 'dashboard.shipments' });
const unreadNotifications = new CircuitBreaker(loadUnreadCount, { ...breakerOptions, name: 'dashboard.notifications' });

for (const breaker of [profile, recentOrders, activeShipments, unreadNotifications]) {
  breaker.fallback(() => null);
  breaker.on('open', () => logger.warn({ breaker: breaker.name }, 'circuit opened, the dashboard shows this section as unavailable'));
  breaker.on('close', () => logger.info({ breaker: breaker.name }, 'circuit closed'));
}

export function dashboardRoutes(): Router {
  const router = Router();

  router.get('/api/dashboard', async (_req, res) => {
    const userId = String(res.locals.userId);
    const sections = await inSpan('gateway.dashboard', { 'shop.user_id': userId }, () =>
      Promise.all([profile.fire(userId), recentOrders.fire(userId), activeShipments.fire(userId), unreadNotifications.fire(userId)]),
    );
    const [profileData, orders, shipments, unread] = sections;
    const missing = ['profile', 'recentOrders', 'activeShipments', 'unreadNotifications'].filter((_, index) => sections[index] === null);
    res.set('cache-control', 'private, no-store').json({
      profile: profileData,
      recentOrders: orders,
      activeShipments: shipments,
      unreadNotifications: unread,
      unavailable: missing,
    });
  });

  return router;
}
