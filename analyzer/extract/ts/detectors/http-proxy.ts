import type { Detector } from '../detector.js';
import { tsv } from '../parse-source.js';

/**
 * Gateways built in code: http-proxy-middleware's `createProxyMiddleware` and
 * express-http-proxy. Each proxy is a route (its path filter) whose handler forwards to the
 * target, so chains can be followed through the gateway.
 */
export const httpProxyDetector: Detector = {
  id: 'http-proxy',
  modules: ['http-proxy-middleware', 'express-http-proxy'],
  visitCall(node, ctx) {
    if (!tsv.isCallExpression(node)) return;
    const ref = ctx.resolve(node.expression);
    if (!ref || ref.root.kind !== 'module' || ref.steps.length) return;
    const { module, name } = ref.root;
    let target = null;
    let path = null;
    let timeoutMs: number | null = null;
    if (module === 'http-proxy-middleware' && (name === 'createProxyMiddleware' || name === 'legacyCreateProxyMiddleware' || name === 'default')) {
      const [first, second] = node.arguments;
      const firstIsOptions = ctx.props(first).size > 0;
      const options = ctx.props(firstIsOptions ? first : second);
      target = ctx.str(options.get('target'));
      path = ctx.str(options.get('pathFilter')) ?? (firstIsOptions ? null : ctx.str(first));
      timeoutMs = ctx.num(options.get('proxyTimeout')) ?? ctx.num(options.get('timeout'));
    } else if (module === 'express-http-proxy' && name === 'default') {
      target = ctx.str(node.arguments[0]);
      timeoutMs = ctx.num(ctx.props(node.arguments[1]).get('timeout'));
    } else return;
    if (!target) return;
    const line = ctx.line(node);
    const handler = `${ctx.file}#proxy@L${line}`;
    ctx.emit({ kind: 'endpoint', file: ctx.file, line, library: module, scope: ctx.scope.id, method: 'ALL', path: path ?? [{ lit: '/*' }], handlers: [handler], mutating: true });
    ctx.emit({
      kind: 'http-call',
      file: ctx.file,
      line,
      library: module,
      scope: handler,
      protocol: 'http',
      method: null,
      url: target,
      timeout: timeoutMs ? { ms: timeoutMs, from: 'call' } : { ms: null, from: 'none' },
      inLoop: false,
      retry: null,
    });
  },
};
