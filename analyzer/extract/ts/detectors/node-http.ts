import type { HttpCallFact, SymString, Timeout } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import type { Ref } from '../references.js';
import { amendCall, callAt, concat, methodText, optionsTimeout, propsAt, rememberCall } from './shared.js';

const MODULES = ['http', 'https', 'node:http', 'node:https'];

/** `http.request`/`https.get` (also as named imports): the module's scheme, the function, and the steps after the call. */
function requestOf(ref: Ref | null): { scheme: 'http' | 'https'; fn: 'request' | 'get'; rest: string[]; call: ts.CallExpression | ts.NewExpression | null } | null {
  if (!ref || ref.root.kind !== 'module' || !MODULES.includes(ref.root.module)) return null;
  const scheme = ref.root.module.endsWith('https') ? 'https' : 'http';
  const names = propsAt(ref);
  let fn = ref.root.name;
  let at = 0;
  if (fn === 'default' || fn === '*') {
    fn = names[0] ?? '';
    at = 1;
  }
  if ((fn !== 'request' && fn !== 'get') || names[at] !== '()') return null;
  return { scheme, fn, rest: names.slice(at + 1), call: callAt(ref, at) };
}

/** `{ protocol, host | hostname, port, path }` as a URL. */
function urlFromOptions(ctx: VisitContext, props: Map<string, ts.Expression>, scheme: string): SymString {
  const protocol = ctx.str(props.get('protocol')) ?? [{ lit: `${scheme}:` }];
  const host = ctx.str(props.get('hostname') ?? props.get('host')) ?? [{ lit: 'localhost' }];
  const port = props.has('port') ? ctx.str(props.get('port')) : null;
  const path = props.has('path') ? ctx.str(props.get('path')) : null;
  return concat(protocol, [{ lit: '//' }], host, port ? concat([{ lit: ':' }], port) : [], path ?? []);
}

/**
 * Node's http/https clients: `request(url | options[, options], callback)` and `get(...)`.
 * The address comes from the URL or from `{ host, port, path }`; the timeout from
 * `options.timeout`, a `signal`, or `req.setTimeout(n)` on the returned request (also in a
 * later statement). Node sets no timeout by default.
 */
export const nodeHttpDetector: Detector = {
  id: 'node-http',
  modules: MODULES,
  visitCall(node, ctx) {
    if (!tsv.isCallExpression(node)) return;
    const request = requestOf(ctx.resolve(node));
    if (!request) return;
    // req.setTimeout(n) / http.get(...).setTimeout(n): a timeout on a request made elsewhere.
    if (request.rest.length === 2 && request.rest[0] === 'setTimeout') {
      const ms = ctx.num(node.arguments[0]);
      if (request.call && ms !== null) {
        amendCall(request.call, (fact) => {
          fact.timeout = ms > 0 ? { ms, from: 'call' } : fact.timeout;
        });
      }
      return;
    }
    if (request.rest.length) return;
    const [first, second] = node.arguments;
    const firstProps = ctx.props(first);
    const firstIsOptions = firstProps.size > 0 && !ctx.str(first);
    const options = firstIsOptions ? firstProps : ctx.props(second);
    const url = firstIsOptions ? urlFromOptions(ctx, firstProps, request.scheme) : (ctx.str(first) ?? [{ unknown: first ? ctx.text(first) : 'url' }]);
    const timeout: Timeout = optionsTimeout(ctx, options) ?? { ms: null, from: 'none' };
    const fact: HttpCallFact = {
      kind: 'http-call',
      file: ctx.file,
      line: ctx.line(node),
      library: `node:${request.scheme}`,
      scope: ctx.scope.id,
      protocol: 'http',
      method: request.fn === 'get' ? 'GET' : (methodText(ctx.str(options.get('method'))) ?? (options.has('method') ? null : 'GET')),
      url,
      timeout,
      inLoop: ctx.inLoop,
      retry: ctx.retry,
    };
    ctx.emit(fact);
    rememberCall(node, fact);
  },
};
