import { describe, expect, it } from 'vitest';
import { dataEdgeLines, dataFactLines, linkedAccessLines } from '../helpers/data.js';
import { analyzeFixture, extractFixture, only } from '../helpers/extract.js';

const SESSIONS = 'datastore:redis:cache/2';
const LIMITS = 'datastore:valkey:limits';

describe('redis and ioredis', () => {
  it('records clients and commands with their keys; an HTTP client named cache is not one', () => {
    const { facts } = extractFixture('extract/data/redis');
    expect(only(facts, 'db-connection').map((c) => [c.id, c.library, c.driver, c.url, c.declaredAs?.name])).toEqual([
      ['sessions/src/cache.ts:4:25', 'ioredis', 'ioredis', [{ env: 'REDIS_URL' }], 'sessions'],
      ['sessions/src/limits.ts:4:23', 'redis', 'redis', [{ env: 'RATE_REDIS_URL' }], 'limits'],
    ]);
    expect(dataFactLines(facts)).toEqual([
      'sessions/src/limits.ts:8 redis/redis incr both key=rate:{param0} prefix=rate: via sessions/src/limits.ts:4:23',
      'sessions/src/limits.ts:9 redis/redis expire write key=rate:{param0} prefix=rate: via sessions/src/limits.ts:4:23',
      // a client imported from another module: the link stage confirms it is Redis
      'sessions/src/session-store.ts:10 redis/redis get read key=session:{param0} prefix=session: unconfirmed via ./cache.js#sessions',
      'sessions/src/session-store.ts:16 redis/redis setex write key=session:{param0} prefix=session: unconfirmed via ./cache.js#sessions',
      'sessions/src/session-store.ts:20 redis/redis del write key=session:{param0} prefix=session: unconfirmed via ./cache.js#sessions',
      'sessions/src/session-store.ts:24 redis/redis hgetall read key=session-meta:{param0} prefix=session-meta: unconfirmed via ./cache.js#sessions',
    ]);
  });

  it('attributes commands to the server and database index of their client; cache writes do not make a GET mutating', () => {
    const { links, report } = analyzeFixture('extract/data/redis');
    expect(linkedAccessLines(links)).toEqual([
      `sessions/src/limits.ts:8 cache redis incr both key=rate:unknown → ${LIMITS} (connection RATE_REDIS_URL) {GET /sessions/:id}`,
      `sessions/src/limits.ts:9 cache redis expire write key=rate:unknown → ${LIMITS} (connection RATE_REDIS_URL) {GET /sessions/:id}`,
      `sessions/src/session-store.ts:10 cache ioredis get read key=session:{param0} → ${SESSIONS} (connection REDIS_URL) {GET /sessions/:id}`,
      `sessions/src/session-store.ts:16 cache ioredis setex write key=session:{param0} → ${SESSIONS} (connection REDIS_URL) {PUT /sessions/:id}`,
      `sessions/src/session-store.ts:20 cache ioredis del write key=session:{param0} → ${SESSIONS} (connection REDIS_URL) {DELETE /sessions/:id}`,
      `sessions/src/session-store.ts:24 cache ioredis hgetall read key=session-meta:{param0} → ${SESSIONS} (connection REDIS_URL) {GET /sessions/:id}`,
    ]);
    expect(dataEdgeLines(report)).toEqual([
      `service:sessions connects ${SESSIONS} declared {}`,
      `service:sessions reads ${SESSIONS} observed {GET /sessions/:id}`,
      `service:sessions writes ${SESSIONS} observed {DELETE /sessions/:id, PUT /sessions/:id}`,
      `service:sessions connects ${LIMITS} declared {}`,
      `service:sessions reads ${LIMITS} observed {GET /sessions/:id}`,
      `service:sessions writes ${LIMITS} observed {GET /sessions/:id}`,
    ]);
    const get = report.services.find((s) => s.id === 'service:sessions')!.endpoints.find((e) => e.method === 'GET')!;
    expect(get.mutating).toBe(false);
    expect(links.dataAccess?.endpoints.find((e) => e.endpoint === 'GET /sessions/:id')?.writesData).toBe(false);
  });
});
