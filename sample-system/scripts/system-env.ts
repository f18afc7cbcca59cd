/**
 * The environment each shop service gets when it runs on this machine instead of in
 * docker compose or Kubernetes: loopback addresses everywhere, the same variable names the
 * manifests set.
 */
export const SERVICES = ['users', 'inventory', 'payments', 'shipping', 'notifications', 'orders', 'api-gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface Infrastructure {
  /** host:port of a Postgres server holding the databases users, shop, payments, shipping, notifications. */
  postgres: string;
  amqpUrl: string;
  redisUrl: string;
  /** Base URL standing in for the payment provider, the carrier API and the mail relay. */
  externalStub: string;
}

export const DEFAULT_INFRASTRUCTURE: Infrastructure = {
  postgres: '127.0.0.1:5432',
  amqpUrl: 'amqp://shop:shop@127.0.0.1:5672',
  redisUrl: 'redis://127.0.0.1:6379',
  // Nothing listens on the discard port: calls to third parties fail fast and locally.
  externalStub: 'http://127.0.0.1:9',
};

/** Development-only values; production ones come from Kubernetes Secrets. */
const LOCAL_JWT_SECRET = 'local-development-signing-key';

export function localEnvironment(
  service: ServiceName,
  urls: Record<ServiceName, string>,
  infra: Infrastructure,
): Record<string, string> {
  const database = (user: string, name: string): string => `postgres://${user}:${user}@${infra.postgres}/${name}`;
  switch (service) {
    case 'users':
      return { DATABASE_URL: database('users', 'users'), REDIS_URL: infra.redisUrl };
    case 'inventory':
      return { DATABASE_URL: database('shop', 'shop'), AMQP_URL: infra.amqpUrl };
    case 'payments':
      return {
        DATABASE_URL: database('payments', 'payments'),
        AMQP_URL: infra.amqpUrl,
        PSP_URL: infra.externalStub,
        PSP_API_KEY: 'psp_test_local',
      };
    case 'shipping':
      return {
        DATABASE_URL: database('shipping', 'shipping'),
        AMQP_URL: infra.amqpUrl,
        ORDERS_URL: urls.orders,
        CARRIER_API_URL: infra.externalStub,
        CARRIER_API_KEY: 'carrier_test_local',
      };
    case 'notifications':
      return {
        DATABASE_URL: database('notifications', 'notifications'),
        AMQP_URL: infra.amqpUrl,
        USERS_URL: urls.users,
        MAIL_API_URL: infra.externalStub,
        MAIL_API_KEY: 'mail_test_local',
      };
    case 'orders':
      return {
        DATABASE_URL: database('shop', 'shop'),
        AMQP_URL: infra.amqpUrl,
        USERS_URL: urls.users,
        INVENTORY_URL: urls.inventory,
        SHIPPING_URL: urls.shipping,
        PAYMENTS_URL: urls.payments,
      };
    case 'api-gateway':
      return {
        JWT_SECRET: LOCAL_JWT_SECRET,
        USERS_URL: urls.users,
        ORDERS_URL: urls.orders,
        INVENTORY_URL: urls.inventory,
        SHIPPING_URL: urls.shipping,
        NOTIFICATIONS_URL: urls.notifications,
      };
  }
}

export { LOCAL_JWT_SECRET };
