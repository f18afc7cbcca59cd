/// <reference lib="webworker" />
import { runDagre } from './run-dagre.js';
import type { LayoutInput } from './types.js';

/** Lays out one graph per message, off the main thread, so large graphs never freeze the page. */
self.onmessage = (event: MessageEvent<{ id: number; input: LayoutInput }>) => {
  const started = performance.now();
  const result = runDagre(event.data.input);
  self.postMessage({ id: event.data.id, result, ms: Math.round(performance.now() - started) });
};
