import type { HttpCallFact } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { amendCall, callAt, isRemembered, methodText, propsAt, rememberCall } from './shared.js';

const VERBS: Record<string, string> = { get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', del: 'DELETE', delete: 'DELETE', head: 'HEAD', options: 'OPTIONS' };

/** `.timeout(n)` or `.timeout({ response, deadline })`: the deadline bounds the whole request. */
function timeoutMs(ctx: VisitContext, arg: ts.Expression | undefined): number | null {
  const n = ctx.num(arg);
  if (n !== null) return n;
  const props = ctx.props(arg);
  return ctx.num(props.get('deadline')) ?? ctx.num(props.get('response'));
}

/**
 * superagent: `superagent.get(url)`, `superagent('GET', url)`, with `.timeout(n)` /
 * `.timeout({ response, deadline })` and `.retry(n)` anywhere in the chain, or later on the
 * request held in a variable. superagent retries at once (no backoff) and sets no timeout.
 */
export const superagentDetector: Detector = {
  id: 'superagent',
  modules: ['superagent'],
  visitCall(node, ctx) {
    if (!tsv.isCallExpression(node)) return;
    const ref = ctx.resolve(node);
    if (!ref || ref.root.kind !== 'module' || ref.root.module !== 'superagent' || (ref.root.name !== 'default' && ref.root.name !== '*')) return;
    const names = propsAt(ref);
    let at: number;
    let method: string | null;
    let urlArg: ts.Expression | undefined;
    if (names[0] === '()') {
      at = 0;
      const call = callAt(ref, 0);
      method = methodText(ctx.str(call?.arguments?.[0]));
      urlArg = call?.arguments?.[1];
    } else if (names[0]! in VERBS && names[1] === '()') {
      at = 1;
      method = VERBS[names[0]!]!;
      urlArg = callAt(ref, 1)?.arguments?.[0];
    } else return;
    const request = callAt(ref, at)!;
    for (let i = at + 1; i + 1 < names.length; i += 2) {
      const modifier = callAt(ref, i + 1);
      if (!modifier || names[i + 1] !== '()') break;
      if (names[i] === 'timeout') {
        const ms = timeoutMs(ctx, modifier.arguments?.[0]);
        amendCall(request, (fact) => {
          fact.timeout = ms === null ? { ms: null, from: 'unknown' } : ms > 0 ? { ms, from: 'call' } : { ms: null, from: 'none' };
        });
      } else if (names[i] === 'retry') {
        const arg = modifier.arguments?.[0];
        const attempts = arg ? ctx.num(arg) : 1;
        amendCall(request, (fact) => {
          fact.retry = attempts === 0 ? fact.retry : (fact.retry ?? { attempts, backoff: false, from: 'call' });
        });
      }
    }
    if (node !== request || isRemembered(request)) return;
    const fact: HttpCallFact = {
      kind: 'http-call',
      file: ctx.file,
      line: ctx.line(node),
      library: 'superagent',
      scope: ctx.scope.id,
      protocol: 'http',
      method,
      url: ctx.str(urlArg) ?? [{ unknown: urlArg ? ctx.text(urlArg) : 'url' }],
      timeout: { ms: null, from: 'none' },
      inLoop: ctx.inLoop,
      retry: ctx.retry,
    };
    ctx.emit(fact);
    rememberCall(request, fact);
  },
};
