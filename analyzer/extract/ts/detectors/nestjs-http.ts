import type { HttpCallFact } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { amendFromPipe, factoryResult, pipedCall } from './nestjs-transport.js';
import { HTTP_VERBS, optionsTimeout, propsAt, rememberCall } from './shared.js';

const NEST_AXIOS = '@nestjs/axios';
const VERBS = new Set<string>([...HTTP_VERBS, 'request']);
const WITH_BODY = new Set(['post', 'put', 'patch']);
/** Registrations already read (a decorator and a call can both lead to one). */
const seen = new WeakSet<ts.Node>();

/** `this.http.get(...)` (also `this.http.axiosRef.get(...)`) on an injected `HttpService`: the verb, or null. */
function verbOf(ctx: VisitContext, callee: ts.Expression): string | null {
  const ref = ctx.resolve(callee);
  if (!ref || ref.root.kind !== 'module' || ref.root.module !== NEST_AXIOS || ref.root.name !== 'HttpService') return null;
  const names = propsAt(ref).filter((n) => n !== '#' && n !== 'axiosRef');
  return names.length === 1 && VERBS.has(names[0]!) ? names[0]! : null;
}

/** `HttpModule.register({ baseURL, timeout })` / `registerAsync({ useFactory })`: the defaults of the module's HttpService. */
function readRegistration(ctx: VisitContext, node: ts.Node): void {
  const visit = (n: ts.Node): void => {
    if (seen.has(n)) return;
    seen.add(n);
    if (tsv.isCallExpression(n) && tsv.isPropertyAccessExpression(n.expression) && /^register(Async)?$/.test(n.expression.name.text)) {
      const ref = ctx.resolve(n.expression.expression);
      if (ref?.root.kind === 'module' && ref.root.module === NEST_AXIOS && ref.root.name === 'HttpModule' && !ref.steps.length) {
        const options = ctx.props(n.expression.name.text === 'registerAsync' ? factoryResult(ctx.props(n.arguments[0]).get('useFactory')) : n.arguments[0]);
        const timeout = optionsTimeout(ctx, options);
        ctx.emit({
          kind: 'client-instance',
          file: ctx.file,
          line: ctx.line(n),
          library: NEST_AXIOS,
          scope: ctx.scope.id,
          name: 'HttpService',
          exported: true,
          protocol: 'http',
          base: options.has('baseURL') ? (ctx.str(options.get('baseURL')) ?? []) : [],
          timeout: timeout && timeout.from === 'call' ? { ...timeout, from: 'instance' } : (timeout ?? { ms: null, from: 'none' }),
          retry: null,
          token: NEST_AXIOS,
        });
        return;
      }
    }
    tsv.forEachChild(n, visit);
  };
  visit(node);
}

/**
 * NestJS's HttpService (@nestjs/axios): `this.http.get(url, config)` returns an Observable of an
 * axios call. Its timeout comes from the config, `.pipe(timeout(n))`, or the module's
 * `HttpModule.register({ timeout, baseURL })` (found at link time, like a DI token).
 */
export const nestjsHttpDetector: Detector = {
  id: 'nestjs-http',
  modules: [NEST_AXIOS],
  visitClass(node, ctx) {
    for (const decorator of tsv.getDecorators(node) ?? []) readRegistration(ctx, decorator.expression);
  },
  visitCall(node, ctx) {
    if (!tsv.isCallExpression(node) || !tsv.isPropertyAccessExpression(node.expression)) return;
    const name = node.expression.name.text;
    if (name === 'register' || name === 'registerAsync') return readRegistration(ctx, node);
    if (name === 'pipe') {
      const inner = pipedCall(ctx, node);
      if (inner && verbOf(ctx, inner.expression)) amendFromPipe(ctx, node, inner);
      return;
    }
    const verb = verbOf(ctx, node.expression);
    if (!verb) return;
    const config = ctx.props(verb === 'request' ? node.arguments[0] : node.arguments[WITH_BODY.has(verb) ? 2 : 1]);
    const first = verb === 'request' ? config.get('url') : node.arguments[0];
    const method = verb === 'request' ? ctx.str(config.get('method')) : null;
    const fact: HttpCallFact = {
      kind: 'http-call',
      file: ctx.file,
      line: ctx.line(node),
      library: NEST_AXIOS,
      scope: ctx.scope.id,
      protocol: 'http',
      method: verb === 'request' ? (method && method.every((p) => 'lit' in p) ? method.map((p) => ('lit' in p ? p.lit : '')).join('').toUpperCase() : 'GET') : verb.toUpperCase(),
      url: (first ? ctx.str(unwrap(first)) : null) ?? [{ unknown: 'url' }],
      timeout: optionsTimeout(ctx, config) ?? { ms: null, from: 'none' },
      inLoop: ctx.inLoop,
      retry: ctx.retry,
      token: NEST_AXIOS,
    };
    ctx.emit(fact);
    rememberCall(node, fact);
  },
};
