import pg from 'pg';
import { SERVICE_NAME, logger } from './observability.js';
import type { DependencyStatus } from './health.js';

/**
 * One pool per process. Connections are opened lazily on the first query, so the service
 * starts (and reports itself unhealthy) when Postgres is not reachable yet.
 */
export function createPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    application_name: SERVICE_NAME,
    max: 10,
    connectionTimeoutMillis: 1_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 2_500,
    query_timeout: 3_000,
  });
  pool.on('error', (err) => logger.warn({ err }, 'idle postgres client failed'));
  return pool;
}

export async function checkPostgres(pool: pg.Pool): Promise<DependencyStatus> {
  const started = Date.now();
  try {
    await pool.query('SELECT 1');
    return { status: 'up', latencyMs: Date.now() - started };
  } catch (err) {
    return { status: 'down', error: describeError(err) };
  }
}

export async function withTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', '57P01', '57P03', '28P01', '3D000']);

/** True when an error means "the database is not there", as opposed to a bad query. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  if (err instanceof AggregateError) return err.errors.some(isDatabaseUnavailable);
  return /timeout exceeded when trying to connect|Connection terminated/i.test(err.message);
}

export function describeError(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return describeError(err.errors[0]);
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
