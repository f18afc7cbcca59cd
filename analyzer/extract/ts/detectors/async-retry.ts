import type { Detector } from '../detector.js';
import { tsv } from '../parse-source.js';
import { retryOptions } from './p-retry.js';
import { runsCallback } from './shared.js';

/** async-retry: `retry(async (bail, attempt) => ..., { retries })` retries the callback (10 times, exponentially with jitter, by default). */
export const asyncRetryDetector: Detector = {
  id: 'async-retry',
  modules: ['async-retry'],
  visitCall(node, ctx) {
    if (!tsv.isCallExpression(node)) return;
    const ref = ctx.resolve(node.expression);
    if (!ref || ref.root.kind !== 'module' || ref.root.module !== 'async-retry' || ref.root.name !== 'default' || ref.steps.length) return;
    const retry = retryOptions(ctx, node.arguments[1], { retries: 10, factor: 2, minTimeout: 1000, randomize: true });
    runsCallback(ctx, node, node.arguments[0], retry ? { retry } : {});
  },
};
