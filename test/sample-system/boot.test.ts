import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_JWT_SECRET, SERVICES, startSystem, type RunningSystem, type ServiceName } from '../../sample-system/scripts/start.js';

/**
 * Boots the whole sample shop on loopback with every database, broker and cache address
 * pointing at a closed port, and checks that each service stays up and says so honestly.
 */

const DEPENDENCIES: Record<Exclude<ServiceName, 'api-gateway'>, string[]> = {
  users: ['postgres', 'redis'],
  inventory: ['postgres', 'rabbitmq'],
  payments: ['postgres', 'rabbitmq'],
  shipping: ['postgres', 'rabbitmq'],
  notifications: ['postgres', 'rabbitmq'],
  orders: ['postgres', 'rabbitmq'],
};

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

/** An HS256 access token like the identity provider issues. */
function accessToken(subject: string): string {
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({
    sub: subject,
    iss: 'https://id.shop.example/',
    aud: 'shop-api',
    iat: now,
    exp: now + 300,
  })}`;
  return `${unsigned}.${createHmac('sha256', LOCAL_JWT_SECRET).update(unsigned).digest('base64url')}`;
}

async function getJson(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: await response.json() };
}

let system: RunningSystem | undefined;
const gateway = (): string => system!.urls['api-gateway'];

beforeAll(async () => {
  const nowhere = `127.0.0.1:${await closedPort()}`;
  system = await startSystem({
    infrastructure: {
      postgres: nowhere,
      amqpUrl: `amqp://shop:shop@${nowhere}`,
      redisUrl: `redis://${nowhere}`,
      externalStub: `http://${nowhere}`,
    },
    env: { LOG_LEVEL: 'warn' },
    readyTimeoutMs: 25_000,
  });
}, 30_000);

afterAll(async () => {
  await system?.stop();
}, 15_000);

describe('sample system on loopback', () => {
  it('starts every service', () => {
    expect(Object.keys(system!.urls).sort()).toEqual([...SERVICES].sort());
  });

  it('api-gateway has no dependencies of its own and answers /health with 200', async () => {
    const { status, body } = await getJson(`${gateway()}/health`);
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ok', service: 'api-gateway', checks: {} });
  });

  it.each(Object.entries(DEPENDENCIES))('%s answers /health with 503 and the status of each dependency', async (service, dependencies) => {
    const { status, body } = await getJson(`${system!.urls[service as ServiceName]}/health`);
    expect(status).toBe(503);
    expect(body.status).toBe('unavailable');
    expect(body.service).toBe(service);
    expect(Object.keys(body.checks).sort()).toEqual([...dependencies].sort());
    for (const dependency of dependencies) {
      expect(body.checks[dependency].status).toBe('down');
      expect(typeof body.checks[dependency].error).toBe('string');
    }
  });

  it('keeps answering liveness while dependencies are down', async () => {
    for (const service of SERVICES) {
      const { status } = await getJson(`${system!.urls[service]}/health/live`);
      expect(status, service).toBe(200);
    }
  });

  it('proxies a public route through the gateway to shipping', async () => {
    const { status, body } = await getJson(`${gateway()}/api/shipping/carriers`);
    expect(status).toBe(200);
    expect(body.carriers.map((carrier: { id: string }) => carrier.id)).toEqual(['dhl', 'dpd', 'ups']);
  });

  it("passes inventory's own 503 through the gateway when its database is down", async () => {
    const { status, body } = await getJson(`${gateway()}/api/products`);
    expect(status).toBe(503);
    expect(body).toEqual({ error: 'dependency unavailable', service: 'inventory', dependency: 'postgres' });
  });

  it('rejects private routes without a valid token', async () => {
    expect((await getJson(`${gateway()}/api/orders`)).status).toBe(401);
    expect((await getJson(`${gateway()}/api/orders`, { authorization: 'Bearer not-a-token' })).status).toBe(401);
  });

  it('serves the dashboard with empty sections when the services behind it are unavailable', async () => {
    const { status, body } = await getJson(`${gateway()}/api/dashboard`, { authorization: `Bearer ${accessToken('user-42')}` });
    expect(status).toBe(200);
    expect(body.unavailable).toEqual(['profile', 'recentOrders', 'activeShipments', 'unreadNotifications']);
  });
});
