import type { TableAccess } from '../../../types/data-facts.js';
import type { SymString } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { stepNames, unwrap } from '../references.js';
import { connectionFact, creationOf, rememberDeclaration, viaOf, type Creation } from './data-connections.js';
import { fileImports, literalPrefix } from './data-shared.js';

const READ = [
  'get', 'mget', 'getrange', 'strlen', 'exists', 'ttl', 'pttl', 'type', 'keys', 'scan', 'hget', 'hmget', 'hgetall', 'hkeys', 'hvals', 'hlen', 'hexists', 'hscan',
  'lrange', 'llen', 'lindex', 'smembers', 'sismember', 'smismember', 'scard', 'srandmember', 'sscan', 'zrange', 'zrangebyscore', 'zrevrange', 'zrevrangebyscore',
  'zscore', 'zrank', 'zrevrank', 'zcard', 'zcount', 'zscan', 'xrange', 'xrevrange', 'xread', 'xlen', 'pfcount', 'getbit', 'bitcount', 'geopos', 'geodist', 'georadius', 'geosearch',
];
const WRITE = [
  'set', 'setex', 'psetex', 'setnx', 'mset', 'msetnx', 'append', 'del', 'unlink', 'expire', 'pexpire', 'expireat', 'pexpireat', 'persist', 'rename', 'hset', 'hmset', 'hsetnx',
  'hdel', 'lpush', 'rpush', 'lpushx', 'rpushx', 'lset', 'lrem', 'ltrim', 'sadd', 'srem', 'zadd', 'zrem', 'zremrangebyscore', 'zremrangebyrank', 'xadd', 'xtrim', 'xdel',
  'pfadd', 'setbit', 'geoadd', 'flushdb', 'flushall', 'mset',
];
const BOTH = ['incr', 'incrby', 'incrbyfloat', 'decr', 'decrby', 'hincrby', 'hincrbyfloat', 'zincrby', 'getset', 'getdel', 'getex', 'lpop', 'rpop', 'blpop', 'brpop', 'lmove', 'spop', 'smove', 'zpopmin', 'zpopmax', 'xreadgroup', 'xack', 'xclaim', 'eval', 'evalsha'];
/** Command names other objects have too (HTTP clients, Maps): on an imported object they count only in a file that uses Redis. */
const AMBIGUOUS = new Set(['get', 'set', 'keys', 'type', 'scan', 'append', 'rename', 'exists', 'persist', 'eval']);
/** Names of imported objects that are caches: `redis`, `cache`, `sessions`, `kv`, `store`. */
const CACHE_NAME = /redis|cache|kv|store|session/i;
const COMMANDS = new Map<string, TableAccess>([...READ.map((c) => [c, 'read'] as const), ...WRITE.map((c) => [c, 'write'] as const), ...BOTH.map((c) => [c, 'both'] as const)]);

/** ioredis: `new Redis(url)`, `new Redis(port, host)`, `new Redis({ host, port, db })`; redis: `createClient({ url, database })`. */
function redisConnection(ctx: VisitContext, node: ts.CallExpression | ts.NewExpression, creation: Creation) {
  const [first, second] = node.arguments ?? [];
  if (!first) return { host: [{ lit: 'localhost' }] as SymString };
  const props = ctx.props(first);
  if (props.size) {
    const socket = ctx.props(props.get('socket'));
    const database = props.get('db') ?? props.get('database');
    return { url: ctx.str(props.get('url')), host: ctx.str(props.get('host') ?? socket.get('host')), database: database ? ctx.str(database) : null };
  }
  if (creation.driver === 'ioredis' && ctx.num(first) !== null) return { host: second && !ctx.props(second).size ? ctx.str(second) : [{ lit: 'localhost' }] };
  const options = ctx.props(second);
  return { url: ctx.str(first), database: options.get('db') ? ctx.str(options.get('db')) : null };
}

/**
 * Cache commands of ioredis and redis (v4 camelCase names too): read, write or both, with the
 * key and its literal prefix. Publish/subscribe belongs to messaging and is left alone.
 * Clients from another module of this repository count; the link stage keeps those only when
 * the import leads to a Redis connection.
 */
export const redisDetector: Detector = {
  id: 'redis',
  modules: [],
  always: true,
  visitCall(node, ctx) {
    rememberDeclaration(ctx, node);
    const creation = creationOf(ctx.resolve(node));
    if (creation?.engine === 'redis') {
      const ref = ctx.resolve(node);
      ctx.emit(connectionFact(ctx, node, ref?.root.kind === 'module' ? ref.root.module : creation.driver, creation, redisConnection(ctx, node, creation)));
      return;
    }
    if (!tsv.isCallExpression(node)) return;
    const callee = unwrap(node.expression);
    if (!tsv.isPropertyAccessExpression(callee)) return;
    const command = callee.name.text.toLowerCase();
    const operation = COMMANDS.get(command);
    if (!operation) return;
    const ref = ctx.resolve(callee.expression);
    const module = ref?.root.kind === 'module' ? ref.root.module : null;
    const known = module === 'ioredis' || module === 'redis' || module === '@redis/client';
    const via = viaOf(ctx, callee.expression);
    const usesRedis = [...fileImports(ctx)].some((m) => m === 'ioredis' || m === 'redis' || m === '@redis/client');
    const named = ref?.root.kind === 'module' && CACHE_NAME.test([ref.root.name, ...stepNames(ref).filter((n) => n !== '()' && n !== '#')].join('.'));
    const imported = !!module && ctx.isLocalModule(module) && via !== null && (!AMBIGUOUS.has(command) || usesRedis || named);
    if (!known && !imported) return;
    const key = node.arguments[0] && !tsv.isSpreadElement(node.arguments[0]) ? ctx.str(node.arguments[0]) : null;
    ctx.emit({
      kind: 'cache-access',
      file: ctx.file,
      line: ctx.line(node),
      library: known ? module! : 'redis',
      scope: ctx.scope.id,
      driver: module === 'ioredis' ? 'ioredis' : 'redis',
      command,
      operation,
      key,
      keyPrefix: literalPrefix(key),
      via,
      inLoop: ctx.inLoop,
      confirmed: known,
    });
  },
};
