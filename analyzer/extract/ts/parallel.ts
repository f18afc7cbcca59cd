import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { FileRef } from '../../discover/index.js';
import { fileExtractor, type ExtractorSettings, type FileResult } from './extract-typescript.js';

/** Files to parse per extra thread below which starting one (about 0.4 s to load the compiler) does not pay off: measured on 2 cores, 1,000 files were 0.46 s slower with a worker, 5,000 were 2 s faster. */
const MIN_FILES_PER_WORKER = 1500;
const MAX_THREADS = 4;
/** A worker that sends nothing for this long past the per-file limit is given up on; the main thread does its files. */
const STALL_GRACE_MS = 5_000;

/** What a worker thread gets: the files, the settings, and where to claim work and report it. */
export interface WorkerInput {
  files: FileRef[];
  settings: ExtractorSettings;
  /** [0]: index of the next file to claim; [1]: messages posted, for waiting on. Shared by all threads. */
  state: SharedArrayBuffer;
  /** Per file: which thread claimed it (1 = main, 2 + n = worker n). */
  owners: SharedArrayBuffer;
  port: MessagePort;
  id: number;
}

/** What a worker posts: one file's result, or that it is done. */
export type WorkerMessage = { index: number; result: FileResult } | { done: true };

const WORKER_URL = new URL('./extract-worker.js', import.meta.url);

/** Threads to use: `threads`, else `ARCHREVIEW_THREADS`, else the machine's cores (at most 4). */
function threadCount(threads: number | undefined): number {
  const fromEnv = Number(process.env.ARCHREVIEW_THREADS);
  const wanted = threads ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.min(os.availableParallelism(), MAX_THREADS));
  return Math.max(1, Math.min(wanted, MAX_THREADS));
}

/**
 * Extracts `files`, results in the same order. With more than one thread and enough files,
 * worker threads and this thread take files one at a time from a shared counter (so a slow
 * file does not hold up a fixed share), each result is posted as soon as it is ready, and this
 * thread waits synchronously for the last ones. A worker that cannot start, or goes silent
 * for longer than a file may take, costs time, never results: its unfinished files are done
 * here. The results do not depend on which thread made them. `workers`: how many were started.
 */
export function extractFiles(
  files: readonly FileRef[],
  settings: ExtractorSettings,
  threads?: number,
  minFilesPerWorker = MIN_FILES_PER_WORKER,
): { results: FileResult[]; workers: number } {
  const extract = fileExtractor(settings);
  const workerCount = Math.min(threadCount(threads) - 1, Math.floor(files.length / minFilesPerWorker));
  // Run from the TypeScript sources (tests), there is no built worker to start.
  if (workerCount < 1 || !existsSync(fileURLToPath(WORKER_URL))) return { results: files.map(extract), workers: 0 };

  const state = new Int32Array(new SharedArrayBuffer(8));
  const owners = new Int32Array(new SharedArrayBuffer(files.length * 4));
  const results: (FileResult | undefined)[] = new Array(files.length);
  const workers: { worker: Worker; port: MessagePort; done: boolean }[] = [];
  for (let id = 0; id < workerCount; id++) {
    const { port1, port2 } = new MessageChannel();
    try {
      const input: WorkerInput = { files: [...files], settings, state: state.buffer as SharedArrayBuffer, owners: owners.buffer as SharedArrayBuffer, port: port2, id };
      const worker = new Worker(WORKER_URL, { workerData: input, transferList: [port2], stdout: true, stderr: true });
      worker.unref();
      worker.on('error', () => {
        // Reported through silence: its files are redone here.
      });
      workers.push({ worker, port: port1, done: false });
    } catch {
      port1.close();
    }
  }
  try {
    for (;;) {
      const index = Atomics.add(state, 0, 1);
      if (index >= files.length) break;
      Atomics.store(owners, index, 1);
      results[index] = extract(files[index]!);
    }
    const drain = (): void => {
      for (const w of workers) {
        for (let message = receiveMessageOnPort(w.port); message; message = receiveMessageOnPort(w.port)) {
          const data = message.message as WorkerMessage;
          if ('done' in data) w.done = true;
          else results[data.index] = data.result;
        }
      }
    };
    const missing = (): boolean => {
      for (let i = 0; i < files.length; i++) if (!results[i] && Atomics.load(owners, i) !== 0) return true;
      return false;
    };
    let seen = Atomics.load(state, 1);
    let lastProgress = performance.now();
    drain();
    while (missing() && workers.some((w) => !w.done)) {
      Atomics.wait(state, 1, seen, 200);
      const now = Atomics.load(state, 1);
      if (now !== seen) {
        seen = now;
        lastProgress = performance.now();
      } else if (performance.now() - lastProgress > settings.perFileMs + STALL_GRACE_MS) break;
      drain();
    }
    drain();
  } finally {
    for (const w of workers) {
      w.port.close();
      void w.worker.terminate();
    }
  }
  // Files a worker claimed but never reported (it stopped or went silent), and files nobody claimed.
  for (let i = 0; i < files.length; i++) if (!results[i]) results[i] = extract(files[i]!);
  return { results: results as FileResult[], workers: workers.length };
}
