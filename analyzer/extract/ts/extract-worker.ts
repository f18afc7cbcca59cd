import { workerData } from 'node:worker_threads';
import { fileExtractor } from './extract-typescript.js';
import type { WorkerInput, WorkerMessage } from './parallel.js';

// A worker thread of `extractFiles`: claims files from the shared counter until none are
// left, posting each file's result as soon as it has it, then says it is done.
const input = workerData as WorkerInput;
const state = new Int32Array(input.state);
const owners = new Int32Array(input.owners);
const extract = fileExtractor(input.settings);
const post = (message: WorkerMessage): void => {
  input.port.postMessage(message);
  Atomics.add(state, 1, 1);
  Atomics.notify(state, 1);
};
try {
  for (;;) {
    const index = Atomics.add(state, 0, 1);
    if (index >= input.files.length) break;
    Atomics.store(owners, index, 2 + input.id);
    post({ index, result: extract(input.files[index]!) });
  }
} finally {
  post({ done: true });
}
