import type { HttpCallFact, SymString } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap, type ClassContext } from '../references.js';
import { amendFromPipe, factoryResult, NEST_MICROSERVICES, patternText, pipedCall, registrationOf, tokenKey, type Registration } from './nestjs-transport.js';
import { rememberCall } from './shared.js';

/** How a class member holds its client: injected by token, or built in place. */
type Holder = { token: string } | { registration: Registration };

/** Per class being walked: member name → how it gets its client. */
const holders = new WeakMap<ClassContext, Map<string, Holder>>();
/** Nodes already searched for registrations (decorators and calls may both lead to them). */
const seen = new WeakSet<ts.Node>();

function isNest(ctx: VisitContext, expr: ts.Expression, name: string, member?: string): boolean {
  const ref = ctx.resolve(expr);
  if (!ref || ref.root.kind !== 'module' || ref.root.module !== NEST_MICROSERVICES || ref.root.name !== name) return false;
  return member ? ref.steps.length === 1 && 'prop' in ref.steps[0]! && ref.steps[0].prop === member : ref.steps.length === 0;
}

function decoratorCall(ctx: VisitContext, node: ts.Node, module: string, name: string): ts.CallExpression | null {
  for (const decorator of (tsv.canHaveDecorators(node) ? tsv.getDecorators(node) : undefined) ?? []) {
    const call = decorator.expression;
    if (!tsv.isCallExpression(call)) continue;
    const ref = ctx.resolve(call.expression);
    if (ref?.root.kind === 'module' && ref.root.module === module && ref.root.name === name && ref.steps.length === 0) return call;
  }
  return null;
}

/** `ClientProxyFactory.create(options)` → its registration. */
function created(ctx: VisitContext, expr: ts.Expression | undefined): Registration | null {
  const e = expr ? unwrap(expr) : undefined;
  return e && tsv.isCallExpression(e) && isNest(ctx, e.expression, 'ClientProxyFactory', 'create') ? registrationOf(ctx, e.arguments[0]) : null;
}

function emitRegistration(ctx: VisitContext, node: ts.Node, token: string, registration: Registration): void {
  ctx.emit({
    kind: 'client-instance',
    file: ctx.file,
    line: ctx.line(node),
    library: NEST_MICROSERVICES,
    scope: ctx.scope.id,
    name: token,
    exported: true,
    protocol: registration.protocol,
    base: registration.address,
    timeout: { ms: null, from: 'none' },
    retry: null,
    token,
    ...(registration.queue ? { channel: registration.queue } : {}),
  });
}

/** `ClientsModule.register([...])`/`registerAsync([...])` and `{ provide, useFactory: () => ClientProxyFactory.create(...) }`, anywhere under `node`. */
function findRegistrations(ctx: VisitContext, node: ts.Node): void {
  const visit = (n: ts.Node): void => {
    if (seen.has(n)) return;
    seen.add(n);
    if (tsv.isCallExpression(n) && tsv.isPropertyAccessExpression(n.expression) && /^register(Async)?$/.test(n.expression.name.text) && isNest(ctx, n.expression.expression, 'ClientsModule')) {
      const list = n.arguments[0] ? unwrap(n.arguments[0]) : undefined;
      const entries = list && tsv.isArrayLiteralExpression(list) ? list.elements : [];
      for (const entry of entries) {
        const props = ctx.props(entry);
        const token = tokenKey(ctx, props.get('name'));
        const registration = registrationOf(ctx, props.has('useFactory') ? factoryResult(props.get('useFactory')) : entry);
        if (token && registration) emitRegistration(ctx, entry, token, registration);
      }
      return;
    }
    if (tsv.isObjectLiteralExpression(n)) {
      const props = ctx.props(n);
      const token = props.has('provide') ? tokenKey(ctx, props.get('provide')) : null;
      const registration = token ? created(ctx, factoryResult(props.get('useFactory'))) : null;
      if (token && registration) emitRegistration(ctx, n, token, registration);
    }
    tsv.forEachChild(n, visit);
  };
  visit(node);
}

/** Members holding clients: `@Inject(TOKEN) private client: ClientProxy`, `@Client({...}) client`, `this.client = ClientProxyFactory.create(...)`. */
function readHolders(ctx: VisitContext, node: ts.ClassLikeDeclaration): Map<string, Holder> {
  const out = new Map<string, Holder>();
  for (const member of node.members) {
    if (tsv.isConstructorDeclaration(member)) {
      for (const param of member.parameters) {
        const inject = decoratorCall(ctx, param, '@nestjs/common', 'Inject');
        const token = inject ? tokenKey(ctx, inject.arguments[0]) : null;
        if (token && tsv.isIdentifier(param.name)) out.set(param.name.text, { token });
      }
      const visit = (n: ts.Node): void => {
        if (tsv.isBinaryExpression(n) && n.operatorToken.kind === tsv.SyntaxKind.EqualsToken && tsv.isPropertyAccessExpression(n.left) && n.left.expression.kind === tsv.SyntaxKind.ThisKeyword) {
          const registration = created(ctx, n.right);
          if (registration) out.set(n.left.name.text, { registration });
        }
        tsv.forEachChild(n, visit);
      };
      if (member.body) visit(member.body);
    } else if (tsv.isPropertyDeclaration(member) && tsv.isIdentifier(member.name)) {
      const client = decoratorCall(ctx, member, NEST_MICROSERVICES, 'Client');
      const registration = client ? registrationOf(ctx, client.arguments[0]) : created(ctx, member.initializer);
      if (registration) out.set(member.name.text, { registration });
    }
  }
  return out;
}

/** The client a `this.member.send(...)` call uses. */
function holderOf(ctx: VisitContext, receiver: ts.Expression): Holder | null {
  const e = unwrap(receiver);
  if (tsv.isPropertyAccessExpression(e) && e.expression.kind === tsv.SyntaxKind.ThisKeyword && ctx.refs.klass) {
    const holder = holders.get(ctx.refs.klass)?.get(e.name.text);
    if (holder) return holder;
  }
  const registration = created(ctx, e) ?? (tsv.isIdentifier(e) && ctx.refs.env.lookup(e.text)?.kind === 'value' ? created(ctx, (ctx.refs.env.lookup(e.text) as { init: ts.Expression }).init) : null);
  return registration ? { registration } : null;
}

/**
 * NestJS microservice clients (`ClientProxy`): `client.send(pattern, data)` waits for a reply,
 * so it is a synchronous call: over TCP (`protocol: 'tcp'`) or through a broker (`amqp`,
 * `nats`, `kafka`, `redis`, `mqtt`, with `channel` = the RabbitMQ queue or the pattern). The
 * client comes from `ClientProxyFactory.create(...)`, `@Client(...)`, or a token registered
 * with `ClientsModule.register(...)` (resolved at link time). `.pipe(timeout(n))` is its
 * timeout; there is none by default. `emit` (events) is left to the messaging detectors.
 */
export const nestjsClientDetector: Detector = {
  id: 'nestjs-client',
  modules: [NEST_MICROSERVICES],
  visitClass(node, ctx) {
    if (ctx.refs.klass) holders.set(ctx.refs.klass, readHolders(ctx, node));
    for (const decorator of tsv.getDecorators(node) ?? []) findRegistrations(ctx, decorator.expression);
  },
  visitCall(node, ctx) {
    if (!tsv.isCallExpression(node) || !tsv.isPropertyAccessExpression(node.expression)) return;
    const method = node.expression.name.text;
    if (method === 'register' || method === 'registerAsync') {
      findRegistrations(ctx, node);
      return;
    }
    if (method === 'pipe') {
      const send = pipedCall(ctx, node);
      if (send && tsv.isPropertyAccessExpression(send.expression) && send.expression.name.text === 'send' && holderOf(ctx, send.expression.expression)) amendFromPipe(ctx, node, send);
      return;
    }
    if (method !== 'send') return;
    const holder = holderOf(ctx, node.expression.expression);
    if (!holder) return;
    const pattern = patternText(ctx, node.arguments[0]);
    const patternSym: SymString = pattern !== null ? [{ lit: pattern }] : [{ unknown: node.arguments[0] ? ctx.text(node.arguments[0]) : 'pattern' }];
    const registration = 'registration' in holder ? holder.registration : null;
    const broker = registration && registration.protocol !== 'tcp' && registration.protocol !== 'grpc';
    const fact: HttpCallFact = {
      kind: 'http-call',
      file: ctx.file,
      line: ctx.line(node),
      library: NEST_MICROSERVICES,
      scope: ctx.scope.id,
      protocol: registration?.protocol ?? 'tcp',
      method: pattern,
      url: registration?.address ?? [],
      timeout: { ms: null, from: 'none' },
      inLoop: ctx.inLoop,
      retry: ctx.retry,
      ...(broker ? { channel: registration.queue ?? patternSym } : !registration ? { channel: patternSym } : {}),
      ...('token' in holder ? { token: holder.token } : {}),
    };
    ctx.emit(fact);
    rememberCall(node, fact);
  },
};
