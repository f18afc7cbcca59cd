import type { SymString, SyncProtocol } from '../../../types/index.js';
import type { VisitContext } from '../detector.js';
import { literalOf } from '../evaluate.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { amendCall, concat } from './shared.js';

export const NEST_MICROSERVICES = '@nestjs/microservices';

/** A client a NestJS module registers: transport, where it connects, and where requests go. */
export interface Registration {
  protocol: SyncProtocol;
  address: SymString;
  /** RabbitMQ: the queue requests are sent to. */
  queue: SymString | null;
}

const TRANSPORTS: Record<string, SyncProtocol> = { TCP: 'tcp', RMQ: 'amqp', NATS: 'nats', KAFKA: 'kafka', REDIS: 'redis', MQTT: 'mqtt', GRPC: 'grpc' };

/** A DI token as text: a literal's value, else the constant's name (`USERS_SERVICE`). */
export function tokenKey(ctx: VisitContext, expr: ts.Expression | undefined): string | null {
  if (!expr) return null;
  const literal = literalOf(ctx.str(expr));
  if (literal) return literal;
  const e = unwrap(expr);
  if (tsv.isIdentifier(e)) return e.text;
  if (tsv.isPropertyAccessExpression(e)) return e.name.text;
  return null;
}

function first(ctx: VisitContext, expr: ts.Expression | undefined): SymString | null {
  if (!expr) return null;
  const e = unwrap(expr);
  if (tsv.isArrayLiteralExpression(e)) return e.elements[0] ? ctx.str(e.elements[0]) : null;
  return ctx.str(expr);
}

/** `{ transport: Transport.TCP, options: { host, port } }` (TCP when no transport is named). */
export function registrationOf(ctx: VisitContext, expr: ts.Expression | undefined): Registration | null {
  const props = ctx.props(expr);
  if (!props.size) return null;
  const transport = props.get('transport');
  const name = transport ? ctx.text(transport).split('.').pop()! : 'TCP';
  const protocol = TRANSPORTS[name];
  if (!protocol) return null;
  const options = ctx.props(props.get('options'));
  const host = options.has('host') ? ctx.str(options.get('host')) : null;
  const port = options.has('port') ? ctx.str(options.get('port')) : null;
  const hostPort = (scheme: string, defaultPort: string): SymString => concat([{ lit: `${scheme}://` }], host ?? [{ lit: 'localhost' }], [{ lit: ':' }], port ?? [{ lit: defaultPort }]);
  let address: SymString | null;
  switch (protocol) {
    case 'tcp':
      address = hostPort('tcp', '3000');
      break;
    case 'amqp':
      address = first(ctx, options.get('urls'));
      break;
    case 'nats':
      address = first(ctx, options.get('servers')) ?? first(ctx, options.get('url'));
      break;
    case 'kafka':
      address = first(ctx, ctx.props(options.get('client')).get('brokers'));
      break;
    case 'redis':
      address = options.has('url') ? ctx.str(options.get('url')) : hostPort('redis', '6379');
      break;
    default:
      address = first(ctx, options.get('url'));
  }
  return { protocol, address: address ?? [], queue: options.has('queue') ? ctx.str(options.get('queue')) : null };
}

/** The object a `useFactory` returns: `(config) => ({ transport, options })` or a body with one `return`. */
export function factoryResult(expr: ts.Expression | undefined): ts.Expression | undefined {
  const e = expr ? unwrap(expr) : undefined;
  if (!e || (!tsv.isArrowFunction(e) && !tsv.isFunctionExpression(e))) return undefined;
  if (!tsv.isBlock(e.body)) return e.body;
  const returns = e.body.statements.filter(tsv.isReturnStatement);
  return returns.length === 1 ? returns[0]!.expression : undefined;
}

/** A message pattern as text: `'get_user'`, or `{"cmd":"get_user"}` for an object of literals (keys sorted, as Nest routes it). */
export function patternText(ctx: VisitContext, expr: ts.Expression | undefined): string | null {
  if (!expr) return null;
  const literal = literalOf(ctx.str(expr));
  if (literal !== null) return literal;
  const props = ctx.props(expr);
  if (!props.size) return null;
  const entries: [string, string][] = [];
  for (const [key, value] of [...props].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const text = literalOf(ctx.str(value));
    if (text === null) return null;
    entries.push([key, text]);
  }
  return JSON.stringify(Object.fromEntries(entries));
}

/** rxjs operators in `.pipe(...)`: `timeout(n)` / `timeout({ each | first })`, `retry(n)` / `retry({ count, delay })`. */
export function amendFromPipe(ctx: VisitContext, pipe: ts.CallExpression, send: ts.Node): void {
  for (const arg of pipe.arguments) {
    const op = unwrap(arg);
    if (!tsv.isCallExpression(op)) continue;
    const ref = ctx.resolve(op.expression);
    if (!ref || ref.root.kind !== 'module' || !ref.root.module.startsWith('rxjs') || ref.steps.length) continue;
    const options = ctx.props(op.arguments[0]);
    if (ref.root.name === 'timeout') {
      const ms = ctx.num(op.arguments[0]) ?? ctx.num(options.get('each')) ?? ctx.num(options.get('first'));
      if (ms !== null) amendCall(send, (fact) => void (fact.timeout = { ms, from: 'call' }));
    } else if (ref.root.name === 'retry') {
      const count = op.arguments[0] ? (ctx.num(op.arguments[0]) ?? ctx.num(options.get('count'))) : null;
      const delay = options.get('delay');
      const backoff = !!delay && (tsv.isArrowFunction(unwrap(delay)) || tsv.isFunctionExpression(unwrap(delay)));
      if (count !== 0) amendCall(send, (fact) => void (fact.retry ??= { attempts: count, backoff, from: 'call' }));
    }
  }
}

/** The call a `.pipe(...)` applies to: `call(...).pipe(...)`, or `const reply = call(...); reply.pipe(...)`. */
export function pipedCall(ctx: VisitContext, pipe: ts.CallExpression): ts.CallExpression | null {
  if (!tsv.isPropertyAccessExpression(pipe.expression) || pipe.expression.name.text !== 'pipe') return null;
  let inner = unwrap(pipe.expression.expression);
  const binding = tsv.isIdentifier(inner) ? ctx.refs.env.lookup(inner.text) : undefined;
  if (binding?.kind === 'value') inner = unwrap(binding.init);
  return tsv.isCallExpression(inner) ? inner : null;
}
