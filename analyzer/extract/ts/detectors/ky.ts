import type { Retry, SymString, Timeout } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import type { Ref } from '../references.js';
import { callAt, HTTP_VERBS, joinPrefix, methodText, optionsTimeout, propsAt, retrySetting } from './shared.js';

const VERBS = new Set<string>(HTTP_VERBS);
/** ky gives up after 10 s unless told otherwise, and retries idempotent requests twice with backoff. */
const DEFAULT_TIMEOUT: Timeout = { ms: 10_000, from: 'library-default' };
const DEFAULT_RETRY: Retry = { attempts: 2, backoff: true, from: 'library-default' };
const RETRIED = new Set(['GET', 'PUT', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE']);

interface Options {
  prefix: SymString | null;
  timeout: Timeout | null;
  retry: Retry | null | undefined;
  method: string | null;
}

const EMPTY: Options = { prefix: null, timeout: null, retry: undefined, method: null };

function readOptions(ctx: VisitContext, expr: ts.Expression | undefined, from: 'call' | 'instance'): Options {
  const props = ctx.props(expr);
  const timeout = optionsTimeout(ctx, props);
  const prefix = props.get('prefixUrl') ?? props.get('prefix') ?? props.get('baseUrl');
  return {
    prefix: prefix ? ctx.str(prefix) : null,
    timeout: timeout && timeout.from === 'call' ? { ...timeout, from } : timeout,
    retry: retrySetting(ctx, props.get('retry'), from),
    method: methodText(ctx.str(props.get('method'))),
  };
}

function merge(a: Options, b: Options): Options {
  return { prefix: b.prefix ?? a.prefix, timeout: b.timeout ?? a.timeout, retry: b.retry !== undefined ? b.retry : a.retry, method: b.method ?? a.method };
}

/** ky, or a client made by `ky.create(...)`/`.extend(...)`: its options, and the steps after it. */
function clientOf(ref: Ref | null, ctx: VisitContext): { options: Options; rest: string[] } | null {
  if (!ref || ref.root.kind !== 'module' || (ref.root.module !== 'ky' && ref.root.module !== 'ky-universal') || ref.root.name !== 'default') return null;
  const names = propsAt(ref);
  let options = EMPTY;
  let i = 0;
  while ((names[i] === 'create' || names[i] === 'extend') && names[i + 1] === '()') {
    options = merge(options, readOptions(ctx, callAt(ref, i + 1)?.arguments?.[0], 'instance'));
    i += 2;
  }
  return { options, rest: names.slice(i) };
}

/**
 * ky: `ky(url, options)`, `ky.get/post/...(url, options)` and clients made by
 * `ky.create/extend({ prefixUrl, timeout, retry })`. Without a `timeout` ky waits 10 s (a
 * library default); `timeout: false` waits forever.
 */
export const kyDetector: Detector = {
  id: 'ky',
  modules: ['ky', 'ky-universal'],
  visitCall(node, ctx) {
    if (!tsv.isCallExpression(node)) return;
    const client = clientOf(ctx.resolve(node.expression), ctx);
    if (!client) return;
    const { rest } = client;
    if (rest.length === 1 && (rest[0] === 'create' || rest[0] === 'extend')) {
      if (!ctx.declaration) return;
      const created = clientOf(ctx.resolve(node), ctx)!.options;
      ctx.emit({
        kind: 'client-instance',
        file: ctx.file,
        line: ctx.line(node),
        library: 'ky',
        scope: ctx.scope.id,
        name: ctx.declaration.name,
        exported: ctx.declaration.exported,
        protocol: 'http',
        base: created.prefix ?? [],
        timeout: created.timeout ?? DEFAULT_TIMEOUT,
        retry: created.retry === undefined ? DEFAULT_RETRY : created.retry,
      });
      return;
    }
    let verb: string | null;
    if (rest.length === 0) verb = null;
    else if (rest.length === 1 && VERBS.has(rest[0]!)) verb = rest[0]!.toUpperCase();
    else return;
    const options = merge(client.options, readOptions(ctx, node.arguments[1], 'call'));
    const method = verb ?? options.method ?? 'GET';
    const retry = options.retry !== undefined ? options.retry : RETRIED.has(method) ? DEFAULT_RETRY : null;
    ctx.emit({
      kind: 'http-call',
      file: ctx.file,
      line: ctx.line(node),
      library: 'ky',
      scope: ctx.scope.id,
      protocol: 'http',
      method,
      url: joinPrefix(options.prefix, ctx.str(node.arguments[0])),
      timeout: options.timeout ?? DEFAULT_TIMEOUT,
      inLoop: ctx.inLoop,
      retry: ctx.retry ?? retry,
    });
  },
};
