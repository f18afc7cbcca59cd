import type { Retry, SymString, Timeout } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import type { Ref } from '../references.js';
import { callAt, joinPrefix, methodText, optionsTimeout, propsAt } from './shared.js';

const MODULES = ['request', 'request-promise', 'request-promise-native', 'requestretry'];
const VERBS: Record<string, string> = { get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', del: 'DELETE', delete: 'DELETE', head: 'HEAD', options: 'OPTIONS' };

interface Defaults {
  base: SymString | null;
  timeout: Timeout | null;
}

function readDefaults(ctx: VisitContext, props: Map<string, ts.Expression>, from: 'call' | 'instance'): Defaults {
  const timeout = optionsTimeout(ctx, props);
  return { base: props.has('baseUrl') ? ctx.str(props.get('baseUrl')) : null, timeout: timeout && timeout.from === 'call' ? { ...timeout, from } : timeout };
}

/** requestretry retries 5 times, 5 s apart, unless `maxAttempts` or a growing `delayStrategy` says otherwise. */
function requestRetry(ctx: VisitContext, props: Map<string, ts.Expression>): Retry | null {
  const attempts = props.has('maxAttempts') ? ctx.num(props.get('maxAttempts')) : 5;
  return attempts === 1 ? null : { attempts, backoff: props.has('delayStrategy'), from: props.has('maxAttempts') ? 'call' : 'library-default' };
}

/** request (or request-promise), or a client made by `request.defaults({ baseUrl, timeout })`. */
function clientOf(ref: Ref | null, ctx: VisitContext): { module: string; defaults: Defaults; rest: string[] } | null {
  if (!ref || ref.root.kind !== 'module' || !MODULES.includes(ref.root.module) || ref.root.name !== 'default') return null;
  const names = propsAt(ref);
  let defaults: Defaults = { base: null, timeout: null };
  let i = 0;
  while (names[i] === 'defaults' && names[i + 1] === '()') {
    const next = readDefaults(ctx, ctx.props(callAt(ref, i + 1)?.arguments?.[0]), 'instance');
    defaults = { base: next.base ?? defaults.base, timeout: next.timeout ?? defaults.timeout };
    i += 2;
  }
  return { module: ref.root.module, defaults, rest: names.slice(i) };
}

/**
 * request / request-promise: `request(url | { uri | url, method, timeout }, callback)`,
 * `request.get/post/del/...(...)`, `rp(options)`, and clients made by
 * `request.defaults({ baseUrl, timeout })`. No timeout by default.
 */
export const requestDetector: Detector = {
  id: 'request',
  modules: MODULES,
  visitCall(node, ctx) {
    if (!tsv.isCallExpression(node)) return;
    const client = clientOf(ctx.resolve(node.expression), ctx);
    if (!client) return;
    const { rest } = client;
    if (rest.length === 1 && rest[0] === 'defaults' && ctx.declaration) {
      const created = clientOf(ctx.resolve(node), ctx)!.defaults;
      ctx.emit({
        kind: 'client-instance',
        file: ctx.file,
        line: ctx.line(node),
        library: client.module,
        scope: ctx.scope.id,
        name: ctx.declaration.name,
        exported: ctx.declaration.exported,
        protocol: 'http',
        base: created.base ?? [],
        timeout: created.timeout ?? { ms: null, from: 'none' },
        retry: null,
      });
      return;
    }
    if (rest.length > 1 || (rest.length === 1 && !(rest[0]! in VERBS))) return;
    const [first, second] = node.arguments;
    const firstProps = ctx.props(first);
    const firstIsOptions = firstProps.size > 0 && !ctx.str(first);
    const options = firstIsOptions ? firstProps : ctx.props(second);
    const call = readDefaults(ctx, options, 'call');
    const path = firstIsOptions ? ctx.str(options.get('uri') ?? options.get('url')) : ctx.str(first);
    const method = rest.length ? VERBS[rest[0]!]! : (methodText(ctx.str(options.get('method'))) ?? (options.has('method') ? null : 'GET'));
    ctx.emit({
      kind: 'http-call',
      file: ctx.file,
      line: ctx.line(node),
      library: client.module,
      scope: ctx.scope.id,
      protocol: 'http',
      method,
      url: joinPrefix(call.base ?? client.defaults.base, path),
      timeout: call.timeout ?? client.defaults.timeout ?? { ms: null, from: 'none' },
      inLoop: ctx.inLoop,
      retry: ctx.retry ?? (client.module === 'requestretry' ? requestRetry(ctx, options) : null),
    });
  },
};
