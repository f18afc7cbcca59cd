import { runDagre } from '../layout/run-dagre.js';
import type { LayoutInput, LayoutResult } from '../layout/types.js';
import LayoutWorker from '../layout/layout.worker.ts?worker&inline';

/**
 * Lays out graphs in a Web Worker (created from an inline Blob, allowed by the page's
 * `worker-src blob:`), caching each result by the graph's key. Where no worker can be
 * started, small graphs are laid out on the main thread.
 */
export class LayoutClient {
  private cache = new Map<string, LayoutResult>();
  private worker: Worker | null | undefined;
  private pending = new Map<number, { input: LayoutInput; resolve: (r: { result: LayoutResult; ms: number }) => void }>();
  private next = 1;
  /** Milliseconds the last layout took, for the status line and the tests. */
  lastMs = 0;
  /** Where the last layout ran. */
  lastThread: 'worker' | 'main' | 'cache' = 'cache';

  seed(key: string, result: LayoutResult): void {
    this.cache.set(key, result);
  }

  cached(key: string): LayoutResult | undefined {
    return this.cache.get(key);
  }

  async layout(key: string, input: LayoutInput): Promise<LayoutResult> {
    const hit = this.cache.get(key);
    if (hit) return hit;
    const worker = this.startWorker();
    let result: LayoutResult;
    if (worker) {
      const id = this.next++;
      const answer = await new Promise<{ result: LayoutResult; ms: number }>((resolve) => {
        this.pending.set(id, { input, resolve });
        worker.postMessage({ id, input });
      });
      result = answer.result;
      this.lastMs = answer.ms;
      this.lastThread = this.worker ? 'worker' : 'main';
    } else {
      const started = performance.now();
      result = runDagre(input);
      this.lastMs = Math.round(performance.now() - started);
      this.lastThread = 'main';
    }
    this.cache.set(key, result);
    return result;
  }

  private startWorker(): Worker | null {
    if (this.worker !== undefined) return this.worker;
    try {
      const worker = new LayoutWorker();
      worker.onmessage = (event: MessageEvent<{ id: number; result: LayoutResult; ms: number }>) => {
        const request = this.pending.get(event.data.id);
        this.pending.delete(event.data.id);
        request?.resolve(event.data);
      };
      worker.onerror = () => {
        // A worker that cannot start (blocked by policy or platform) falls back to the main thread.
        this.worker = null;
        for (const [id, request] of this.pending) {
          this.pending.delete(id);
          const started = performance.now();
          request.resolve({ result: runDagre(request.input), ms: Math.round(performance.now() - started) });
        }
      };
      this.worker = worker;
    } catch {
      this.worker = null;
    }
    return this.worker;
  }
}
