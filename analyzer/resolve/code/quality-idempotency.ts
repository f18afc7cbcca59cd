import type { EndpointFact } from '../../types/index.js';
import type { IdempotencyFact } from '../../types/quality-facts.js';
import type { EndpointIdempotency, QualityEvidence } from '../../types/quality-links.js';
import type { Reached } from './call-graph.js';
import { evidence, factOfKind, sortEvidence, type CacheAccessLike, type DbAccessLike, type DedupeGuardLike } from './quality-reach.js';

const PROXIES = new Set(['http-proxy-middleware', 'express-http-proxy', '@fastify/http-proxy', 'http-proxy']);
/** A path parameter naming the resource: express `:id`, OpenAPI/fastify `{id}`, Next.js `[id]`. */
const PATH_KEY = /:(\w+)|\{(\w+)\}|\[(\w+)\]/;
const CLAIM_COMMANDS = new Set(['setnx', 'hsetnx']);

function tablesOf(f: DbAccessLike, access: 'read' | 'write'): string[] {
  return f.tables.filter((t) => t.access === access || t.access === 'both').map((t) => t.name);
}

function isWrite(f: DbAccessLike): boolean {
  return f.operation === 'write' || f.operation === 'both' || f.upsert || f.conflict !== null;
}

/**
 * How one endpoint makes a repeated request safe, from everything its handling reaches
 * (handler, route middleware, helpers): a client key (header), upserts or a PUT/DELETE keyed
 * by the resource in its path (natural key), or a claim/lookup before writing (dedupe).
 * Null for safe methods that write to no database: cache fills and reads change nothing.
 */
export function endpointIdempotency(fact: EndpointFact, path: string, reached: readonly Reached[]): EndpointIdempotency | null {
  const facts = reached.map((r) => r.fact as { kind: string });
  const db = facts.flatMap((f) => factOfKind<DbAccessLike>(f, 'db-access') ?? []);
  const writes = db.filter(isWrite);
  if (!fact.mutating && !writes.length) return null;
  const writeEvidence = sortEvidence(writes.map((w) => evidence(`writes ${tablesOf(w, 'write').join(', ') || 'a table'}`, w)));
  if (PROXIES.has(fact.library)) return { how: 'proxied', evidence: [evidence(`forwards ${fact.method} ${path} to another service`, fact)], writes: [] };

  const keys = facts.flatMap((f) => factOfKind<IdempotencyFact & { kind: 'idempotency' }>(f, 'idempotency') ?? []);
  const keyEvidence = (k: IdempotencyFact): QualityEvidence => evidence(`reads ${k.source === 'header' ? 'header' : `${k.source} field`} ${k.key}`, k);
  const upserts = writes.filter((w) => w.upsert || w.conflict !== null);
  const upsertEvidence = upserts.map((w) => evidence(`upsert on ${tablesOf(w, 'write').join(', ') || 'a table'}${w.conflict ? ` (on conflict: ${w.conflict})` : ''}`, w));
  const guards = facts.flatMap((f) => factOfKind<DedupeGuardLike>(f, 'dedupe-guard') ?? []);
  const claims = facts.flatMap((f) => factOfKind<CacheAccessLike>(f, 'cache-access') ?? []).filter((c) => CLAIM_COMMANDS.has(c.command));
  const dedupeEvidence = [...guards.map((g) => evidence(`dedupe: ${g.detail}`, g)), ...claims.map((c) => evidence(`claims a key (${c.command.toUpperCase()})`, c))];
  // Lookups on the tables the handling writes: "is it there already?" before the write.
  const written = new Set(writes.flatMap((w) => tablesOf(w, 'write')));
  const lookups = db.filter((f) => !isWrite(f) && tablesOf(f, 'read').some((t) => written.has(t))).map((f) => evidence(`looks up ${tablesOf(f, 'read').filter((t) => written.has(t)).join(', ')} before writing`, f));

  const done = (how: EndpointIdempotency['how'], items: QualityEvidence[]): EndpointIdempotency => ({ how, evidence: sortEvidence(items), writes: writeEvidence });
  const headerKeys = keys.filter((k) => k.role === 'idempotency-key' && k.source === 'header');
  if (headerKeys.length) return done('header', [...headerKeys.map(keyEvidence), ...upsertEvidence, ...dedupeEvidence]);
  const requestIds = keys.filter((k) => k.role === 'request-id');
  if (requestIds.length && (upserts.length || dedupeEvidence.length)) return done('header', [...requestIds.map(keyEvidence), ...upsertEvidence, ...dedupeEvidence]);
  if (upserts.length && upserts.length === writes.length) return done('natural-key', [...upsertEvidence, ...lookups]);
  const pathKey = PATH_KEY.exec(path);
  if ((fact.method === 'PUT' || fact.method === 'DELETE') && pathKey) {
    const name = pathKey[1] ?? pathKey[2] ?? pathKey[3];
    return done('natural-key', [evidence(`${fact.method} names the resource in its path (${name})`, fact), ...lookups, ...upsertEvidence]);
  }
  const payloadKeys = keys.filter((k) => k.role === 'idempotency-key' && k.source !== 'header');
  if (payloadKeys.length || dedupeEvidence.length) return done('dedupe-lookup', [...payloadKeys.map(keyEvidence), ...dedupeEvidence, ...lookups]);
  return done('none', []);
}
