import type { SymString } from '../../../types/index.js';
import type { BrokerKind } from '../../../types/messaging-facts.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { evalValue } from '../values.js';
import { methodOf, payloadSources, site } from './messaging-shared.js';

const MODULE = '@nestjs/microservices';
const TRANSPORTS: Record<string, BrokerKind | null> = { RMQ: 'rabbitmq', KAFKA: 'kafka', NATS: 'nats', REDIS: 'redis', MQTT: 'mqtt', TCP: null, GRPC: null };
const SERVER_CALLS = new Set(['createMicroservice', 'connectMicroservice']);

interface TransportConfig {
  /** Null for transports that are no broker (TCP, gRPC). */
  broker: BrokerKind | null;
  address: SymString;
  token: SymString | null;
}

/** A message pattern: `'order.created'`, or an object pattern `{ cmd: 'sum' }` written as Nest routes it (JSON, keys sorted). */
function patternOf(ctx: VisitContext, expr: ts.Expression | undefined): SymString | null {
  if (!expr) return null;
  const props = ctx.props(expr);
  if (!props.size) return ctx.str(expr);
  const entries: [string, string][] = [];
  for (const [key, value] of [...props].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const text = ctx.str(value);
    if (!text?.every((p) => 'lit' in p)) return null;
    entries.push([key, text.map((p) => ('lit' in p ? p.lit : '')).join('')]);
  }
  return [{ lit: JSON.stringify(Object.fromEntries(entries)) }];
}

function first(value: SymString | null): SymString | null {
  return value?.length === 1 && 'list' in value[0]! ? (value[0].list[0] ?? null) : value;
}

/** `{ name?, transport: Transport.RMQ, options: { urls } }` objects anywhere in the arguments (arrays, nested options). */
function transportConfigs(ctx: VisitContext, args: readonly ts.Expression[]): TransportConfig[] {
  const out: TransportConfig[] = [];
  const visit = (expr: ts.Expression, depth: number): void => {
    const e = unwrap(expr);
    if (depth > 4) return;
    if (tsv.isArrayLiteralExpression(e)) return e.elements.forEach((x) => visit(x, depth + 1));
    if (!tsv.isObjectLiteralExpression(e) && !tsv.isIdentifier(e)) return;
    const props = ctx.props(e);
    const transport = props.get('transport');
    const ref = transport ? ctx.resolve(transport) : null;
    const step = ref?.steps[0];
    if (ref?.root.kind === 'module' && ref.root.module === MODULE && ref.root.name === 'Transport' && step && 'prop' in step && step.prop in TRANSPORTS) {
      const options = ctx.props(props.get('options'));
      const at = options.get('urls') ?? options.get('servers') ?? options.get('url') ?? ctx.props(options.get('client')).get('brokers');
      const host = ctx.str(options.get('host'));
      const address = (at && first(evalValue(at, ctx.refs))) ?? (host ? [{ lit: 'redis://' }, ...host] : []);
      out.push({ broker: TRANSPORTS[step.prop]!, address, token: props.get('name') ? ctx.str(props.get('name')) : null });
      return;
    }
    for (const value of props.values()) visit(value, depth + 1);
  };
  for (const arg of args) visit(arg, 0);
  return out;
}

function emitConfigs(ctx: VisitContext, node: ts.Node, configs: TransportConfig[], role: 'client' | 'server'): void {
  for (const c of configs) {
    if (c.broker) ctx.emit({ kind: 'broker-connection', ...site(ctx, node), library: MODULE, broker: c.broker, address: c.address, nest: { role, token: c.token } });
  }
}

function decoratorCalls(node: ts.Node): ts.CallExpression[] {
  return (tsv.canHaveDecorators(node) ? (tsv.getDecorators(node) ?? []) : []).map((d) => d.expression).filter(tsv.isCallExpression);
}

/** How each class member gets its client: `@Inject(TOKEN) client: ClientProxy` (a token) or `@Client({ transport })` (inline). */
function memberClients(ctx: VisitContext, klass: ts.ClassLikeDeclaration): Map<string, { token: SymString } | { inline: TransportConfig | null }> {
  const out = new Map<string, { token: SymString } | { inline: TransportConfig | null }>();
  const ctor = klass.members.find(tsv.isConstructorDeclaration);
  for (const member of [...klass.members, ...(ctor?.parameters ?? [])]) {
    if (!(tsv.isPropertyDeclaration(member) || tsv.isParameter(member)) || !tsv.isIdentifier(member.name)) continue;
    for (const call of decoratorCalls(member)) {
      const name = tsv.isIdentifier(call.expression) ? call.expression.text : '';
      const token = name === 'Inject' && call.arguments[0] ? ctx.str(call.arguments[0]) : null;
      if (token) out.set(member.name.text, { token });
      if (name === 'Client') out.set(member.name.text, { inline: transportConfigs(ctx, call.arguments)[0] ?? null });
    }
  }
  return out;
}

const classes = new WeakMap<ts.SourceFile, { klass: ts.ClassLikeDeclaration; members: ReturnType<typeof memberClients> }[]>();

/**
 * NestJS microservice events over a broker: `@EventPattern(p)` handlers, `client.emit(p, data)`,
 * and the transports they go over: clients registered by token (`ClientsModule.register`),
 * built in place (`ClientProxyFactory.create`, `@Client`), and the transports the service
 * listens on (`createMicroservice`, `connectMicroservice`). The pattern is the channel.
 * Request-reply (`client.send`, `@MessagePattern`) is a synchronous call and endpoint
 * (nestjs-client.ts, nestjs.ts).
 */
export const nestjsMicroservicesDetector: Detector = {
  id: 'nestjs-microservices',
  modules: [MODULE],
  visitCall(node, ctx) {
    const method = methodOf(node);
    const calleeRef = tsv.isCallExpression(node) ? ctx.resolve(node.expression) : null;
    const server = !!method && SERVER_CALLS.has(method);
    const register = calleeRef?.root.kind === 'module' && calleeRef.root.module === MODULE && ['ClientsModule', 'ClientProxyFactory'].includes(calleeRef.root.name);
    if (server || register) emitConfigs(ctx, node, transportConfigs(ctx, node.arguments ?? []), server ? 'server' : 'client');
    if (!tsv.isCallExpression(node) || method !== 'emit' || calleeRef?.root.kind !== 'module' || calleeRef.root.module !== MODULE) return;
    const channel = patternOf(ctx, node.arguments[0]);
    if (!channel) return;
    // The client: built in place (`ClientProxyFactory.create(...)`), or a member injected by token or configured by `@Client`.
    const created = calleeRef.steps.find((s) => 'call' in s);
    const inline = created && 'call' in created ? transportConfigs(ctx, created.call.arguments ?? [])[0] : undefined;
    const callee = unwrap(node.expression) as ts.PropertyAccessExpression;
    const holder = unwrap(callee.expression);
    const member = tsv.isPropertyAccessExpression(holder) && holder.expression.kind === tsv.SyntaxKind.ThisKeyword ? holder.name.text : null;
    const held = member ? classes.get(ctx.sf)?.find((c) => c.klass.name?.text === ctx.refs.klass?.name)?.members.get(member) : undefined;
    const config = inline ?? (held && 'inline' in held ? held.inline : undefined);
    if (config === null || (config && !config.broker)) return;
    const base = { kind: 'publish' as const, ...site(ctx, node), library: MODULE, channelKind: 'topic' as const, channel, exchange: null, pattern: 'event' as const, payloadFrom: payloadSources(ctx, node.arguments[1]), payloadArg: 1, inLoop: ctx.inLoop };
    if (config?.broker) ctx.emit({ ...base, broker: config.broker, channelKind: config.broker === 'nats' ? 'subject' : 'topic' });
    else ctx.emit({ ...base, broker: 'rabbitmq', transport: { framework: 'nestjs', token: held && 'token' in held ? held.token : null } });
  },
  visitClass(node, ctx) {
    // @Module({ imports: [ClientsModule.register([...])] }): decorators are not walked as calls.
    const calls: ts.CallExpression[] = [];
    const collect = (n: ts.Node): void => {
      if (tsv.isCallExpression(n)) calls.push(n);
      if (!tsv.isFunctionLike(n)) tsv.forEachChild(n, collect);
    };
    for (const call of decoratorCalls(node)) collect(call);
    for (const call of calls) {
      const ref = ctx.resolve(call.expression);
      if (ref?.root.kind === 'module' && ref.root.module === MODULE && ref.root.name === 'ClientsModule') emitConfigs(ctx, call, transportConfigs(ctx, call.arguments), 'client');
    }
    classes.set(ctx.sf, [...(classes.get(ctx.sf) ?? []), { klass: node, members: memberClients(ctx, node) }]);
    const className = node.name?.text;
    if (!className) return;
    for (const member of node.members) {
      if (!tsv.isMethodDeclaration(member) || !(tsv.isIdentifier(member.name) || tsv.isStringLiteral(member.name))) continue;
      for (const call of decoratorCalls(member)) {
        const ref = ctx.resolve(call.expression);
        if (ref?.root.kind !== 'module' || ref.root.module !== MODULE || ref.root.name !== 'EventPattern') continue;
        const channel = patternOf(ctx, call.arguments[0]);
        if (!channel) continue;
        ctx.emit({
          kind: 'consume', file: ctx.file, line: ctx.line(call), scope: ctx.scope.id, library: MODULE, broker: 'rabbitmq', transport: { framework: 'nestjs', token: null }, channelKind: 'topic', channels: [channel], match: 'exact', queue: null,
          handler: [{ scope: `${ctx.file}#${className}.${member.name.text}` }], pattern: 'event', client: null,
        });
      }
    }
  },
};
