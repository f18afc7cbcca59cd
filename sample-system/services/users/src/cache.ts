import { Redis } from 'ioredis';
import { describeError } from './db.js';
import type { DependencyStatus } from './health.js';
import { logger } from './observability.js';

/**
 * Cache-aside for user profiles. Redis is an optimisation, not a source of truth: when it
 * is down every read goes to Postgres and the health check reports it as non-critical.
 */
export class ProfileCache {
  private readonly redis: Redis;
  private lastError: string | null = null;

  constructor(
    url: string,
    private readonly ttlSeconds: number,
  ) {
    this.redis = new Redis(url, {
      connectTimeout: 1_000,
      commandTimeout: 500,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      retryStrategy: (attempt) => Math.min(250 * 2 ** attempt, 30_000),
    });
    this.redis.on('error', (err: Error) => {
      const message = describeError(err);
      if (message !== this.lastError) logger.warn({ err }, 'redis connection problem');
      this.lastError = message;
    });
    this.redis.on('ready', () => {
      this.lastError = null;
      logger.info('redis ready');
    });
  }

  async getOrLoad<T>(key: string, load: () => Promise<T | null>): Promise<T | null> {
    const cached = await this.read(key);
    if (cached !== null) return JSON.parse(cached) as T;
    const fresh = await load();
    if (fresh !== null) await this.write(key, JSON.stringify(fresh));
    return fresh;
  }

  async invalidate(...keys: string[]): Promise<void> {
    if (this.redis.status !== 'ready' || keys.length === 0) return;
    await this.redis.del(...keys).catch((err: unknown) => logger.warn({ err, keys }, 'cache invalidation failed'));
  }

  async check(): Promise<DependencyStatus> {
    if (this.redis.status !== 'ready') {
      return { status: 'down', critical: false, error: this.lastError ?? `connection ${this.redis.status}` };
    }
    const started = Date.now();
    try {
      await this.redis.ping();
      return { status: 'up', critical: false, latencyMs: Date.now() - started };
    } catch (err) {
      return { status: 'down', critical: false, error: describeError(err) };
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private async read(key: string): Promise<string | null> {
    if (this.redis.status !== 'ready') return null;
    try {
      return await this.redis.get(key);
    } catch (err) {
      logger.debug({ err, key }, 'cache read failed, falling back to postgres');
      return null;
    }
  }

  private async write(key: string, value: string): Promise<void> {
    if (this.redis.status !== 'ready') return;
    await this.redis.set(key, value, 'EX', this.ttlSeconds).catch((err: unknown) => logger.debug({ err, key }, 'cache write failed'));
  }
}

export const profileKey = (userId: string): string => `users:profile:${userId}`;
