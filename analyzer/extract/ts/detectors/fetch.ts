import type { Detector } from '../detector.js';
import { tsv } from '../parse-source.js';
import { noteAbortTimer, optionsTimeout } from './shared.js';

/**
 * Global fetch, and fetch/request from undici, node-fetch, cross-fetch. Runs on every file, so
 * it also notes `setTimeout(() => controller.abort(), n)` timers for every client's `signal`.
 */
export const fetchDetector: Detector = {
  id: 'fetch',
  modules: ['undici', 'node-fetch', 'cross-fetch', 'isomorphic-fetch'],
  always: true,
  visitCall(node, ctx) {
    if (!tsv.isCallExpression(node)) return;
    noteAbortTimer(ctx, node);
    const ref = ctx.resolve(node.expression);
    if (!ref || ref.steps.length) return;
    const root = ref.root;
    const isFetch =
      (root.kind === 'global' && root.name === 'fetch') ||
      (root.kind === 'module' && ['node-fetch', 'cross-fetch', 'isomorphic-fetch'].includes(root.module) && root.name === 'default') ||
      (root.kind === 'module' && root.module === 'undici' && root.name === 'fetch');
    const isUndiciRequest = root.kind === 'module' && root.module === 'undici' && root.name === 'request';
    if (!isFetch && !isUndiciRequest) return;
    const init = ctx.props(node.arguments[1]);
    const method = ctx.str(init.get('method'));
    const methodText = method?.every((p) => 'lit' in p) ? method.map((p) => ('lit' in p ? p.lit : '')).join('').toUpperCase() : null;
    const timeout = optionsTimeout(ctx, init, isUndiciRequest ? ['headersTimeout', 'bodyTimeout'] : []) ?? (isUndiciRequest ? { ms: 300_000, from: 'library-default' as const } : { ms: null, from: 'none' as const });
    ctx.emit({
      kind: 'http-call',
      file: ctx.file,
      line: ctx.line(node),
      library: root.kind === 'module' ? root.module : 'fetch',
      scope: ctx.scope.id,
      protocol: 'http',
      method: methodText ?? (method ? null : 'GET'),
      url: ctx.str(node.arguments[0]) ?? [{ unknown: node.arguments[0] ? ctx.text(node.arguments[0]) : 'url' }],
      timeout,
      inLoop: ctx.inLoop,
      retry: ctx.retry,
    });
  },
};
