import type { Retry } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { runsCallback } from './shared.js';

/** Defaults of the `retry` package that p-retry and async-retry build on. */
export interface RetryDefaults {
  retries: number;
  factor: number;
  minTimeout: number;
  randomize: boolean;
}

/**
 * Retries as the `retry` package runs them: `retries` attempts after the first, waiting
 * `minTimeout * factor^n` (times a random 1–2 with `randomize`). The wait grows unless the
 * factor is 1 or the first wait is 0, and randomizing does not count as growing.
 */
export function retryOptions(ctx: VisitContext, options: ts.Expression | undefined, defaults: RetryDefaults): Retry | null {
  const props = ctx.props(options);
  const num = (key: keyof RetryDefaults, fallback: number): number | null => (props.has(key) ? ctx.num(props.get(key)) : fallback);
  const retries = num('retries', defaults.retries);
  if (retries === 0) return null;
  const factor = num('factor', defaults.factor);
  const minTimeout = num('minTimeout', defaults.minTimeout);
  const randomizeExpr = props.get('randomize');
  const randomize = randomizeExpr ? unwrap(randomizeExpr).kind === tsv.SyntaxKind.TrueKeyword : defaults.randomize;
  const flat = factor === 1 || minTimeout === 0;
  return { attempts: retries, backoff: !flat || (randomize && minTimeout !== 0), from: 'call' };
}

/** p-retry: `pRetry(fn, { retries, factor, minTimeout })` retries `fn` (10 times, exponentially, by default). */
export const pRetryDetector: Detector = {
  id: 'p-retry',
  modules: ['p-retry'],
  visitCall(node, ctx) {
    if (!tsv.isCallExpression(node)) return;
    const ref = ctx.resolve(node.expression);
    if (!ref || ref.root.kind !== 'module' || ref.root.module !== 'p-retry' || ref.root.name !== 'default' || ref.steps.length) return;
    const retry = retryOptions(ctx, node.arguments[1], { retries: 10, factor: 2, minTimeout: 1000, randomize: false });
    runsCallback(ctx, node, node.arguments[0], retry ? { retry } : {});
  },
};
