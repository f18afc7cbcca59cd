import type { Retry, SymString, Timeout } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import type { Ref } from '../references.js';
import { callAt, HTTP_VERBS, joinPrefix, methodText, optionsTimeout, propsAt, retrySetting } from './shared.js';

const VERBS = new Set<string>([...HTTP_VERBS, 'stream']);
/** got retries idempotent requests twice, with exponential backoff, unless told otherwise. */
const DEFAULT_RETRY: Retry = { attempts: 2, backoff: true, from: 'library-default' };
const RETRIED = new Set(['GET', 'PUT', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE']);

/** Options a got client carries: from `got.extend(...)` (merged, later ones win) and the call. */
interface Options {
  prefix: SymString | null;
  timeout: Timeout | null;
  /** undefined: got's default; null: retries turned off. */
  retry: Retry | null | undefined;
  method: string | null;
  url: SymString | null;
}

function readOptions(ctx: VisitContext, expr: ts.Expression | undefined, from: 'call' | 'instance'): Options {
  const props = ctx.props(expr);
  const timeout = optionsTimeout(ctx, props);
  return {
    prefix: props.has('prefixUrl') ? ctx.str(props.get('prefixUrl')) : null,
    timeout: timeout && timeout.from === 'call' ? { ...timeout, from } : timeout,
    retry: retrySetting(ctx, props.get('retry'), from),
    method: methodText(ctx.str(props.get('method'))),
    url: props.has('url') ? ctx.str(props.get('url')) : null,
  };
}

function merge(a: Options, b: Options): Options {
  return { prefix: b.prefix ?? a.prefix, timeout: b.timeout ?? a.timeout, retry: b.retry !== undefined ? b.retry : a.retry, method: b.method ?? a.method, url: b.url ?? a.url };
}

const EMPTY: Options = { prefix: null, timeout: null, retry: undefined, method: null, url: null };

/** got, or a client made by `got.extend(...)` (also chained): its options, and the steps after it. */
function clientOf(ref: Ref | null, ctx: VisitContext): { options: Options; rest: string[] } | null {
  if (!ref || ref.root.kind !== 'module' || ref.root.module !== 'got' || (ref.root.name !== 'default' && ref.root.name !== 'got')) return null;
  const names = propsAt(ref);
  let options = EMPTY;
  let i = 0;
  while (names[i] === 'extend' && names[i + 1] === '()') {
    for (const arg of callAt(ref, i + 1)?.arguments ?? []) options = merge(options, readOptions(ctx, arg, 'instance'));
    i += 2;
  }
  return { options, rest: names.slice(i) };
}

function retryFor(options: Options, method: string | null): Retry | null {
  if (options.retry !== undefined) return options.retry;
  return method && RETRIED.has(method) ? DEFAULT_RETRY : null;
}

/**
 * got: `got(url, options)`, `got.get/post/...(url, options)`, and clients made by
 * `got.extend({ prefixUrl, timeout: { request }, retry })` (exported ones become
 * `client-instance` facts). got has no timeout by default and retries idempotent requests
 * twice with backoff unless `retry: { limit: 0 }`.
 */
export const gotDetector: Detector = {
  id: 'got',
  modules: ['got'],
  visitCall(node, ctx) {
    if (!tsv.isCallExpression(node)) return;
    const client = clientOf(ctx.resolve(node.expression), ctx);
    if (!client) return;
    const { rest } = client;
    if (rest.length === 1 && rest[0] === 'extend') {
      if (!ctx.declaration) return;
      const created = clientOf(ctx.resolve(node), ctx)!.options;
      ctx.emit({
        kind: 'client-instance',
        file: ctx.file,
        line: ctx.line(node),
        library: 'got',
        scope: ctx.scope.id,
        name: ctx.declaration.name,
        exported: ctx.declaration.exported,
        protocol: 'http',
        base: created.prefix ?? [],
        timeout: created.timeout ?? { ms: null, from: 'none' },
        retry: created.retry === undefined ? DEFAULT_RETRY : created.retry,
      });
      return;
    }
    let verb: string | null;
    if (rest.length === 0) verb = null;
    else if (rest.length === 1 && VERBS.has(rest[0]!)) verb = rest[0] === 'stream' ? 'GET' : rest[0]!.toUpperCase();
    else return;
    const [first, second] = node.arguments;
    const firstIsOptions = ctx.props(first).size > 0 && !ctx.str(first);
    const call = readOptions(ctx, firstIsOptions ? first : second, 'call');
    const options = merge(client.options, call);
    const method = verb ?? options.method ?? 'GET';
    ctx.emit({
      kind: 'http-call',
      file: ctx.file,
      line: ctx.line(node),
      library: 'got',
      scope: ctx.scope.id,
      protocol: 'http',
      method,
      url: joinPrefix(options.prefix, firstIsOptions ? options.url : ctx.str(first)),
      timeout: options.timeout ?? { ms: null, from: 'none' },
      inLoop: ctx.inLoop,
      retry: ctx.retry ?? retryFor(options, method),
    });
  },
};
