import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { cleanup, realDir, runArchreview, runProblem, scratch, type RunResult } from './harness.js';
import { copySample } from './sample.js';
import type { SummaryRow } from './summary.js';

/**
 * Determinism (issue 10, point 5): ten runs on the sample system give byte-identical JSON,
 * Markdown and SARIF. Nine of them list folders in a different shuffled order (the test
 * guard shuffles readdir), so ordering cannot come from the file system's directory order.
 */

const RUNS = 10;
const FORMATS = 'json,md,sarif';
const rows: SummaryRow[] = [];
let root = '';

describe.runIf(existsSync(CLI))('determinism', () => {
  afterAll(() => root && cleanup(root));

  it(`${RUNS} runs on the sample system, directory order shuffled, give byte-identical JSON, Markdown and SARIF`, async () => {
    const started = performance.now();
    root = realDir(scratch('sample-determinism'));
    copySample(root);
    const runs: RunResult[] = [];
    // Two at a time: the machine has two cores.
    for (let i = 0; i < RUNS; i += 2) {
      runs.push(...(await Promise.all([i, i + 1].map((n) => runArchreview(root, { timeoutMs: 120_000, formats: FORMATS, ...(n ? { shuffle: n * 7919 } : {}) })))));
    }
    const problems = runs.map((r) => runProblem(r, FORMATS)).filter(Boolean);
    const first = runs[0]!.outputs;
    const differing = runs.flatMap((r, n) => (['json', 'md', 'sarif'] as const).filter((f) => r.outputs[f] !== first[f]).map((f) => `run ${n + 1}: ${f} differs`));
    rows.push({ category: 'determinism (sample system runs)', cases: RUNS, outcomes: { ok: problems.length || differing.length ? 0 : RUNS, crash: problems.length }, ms: Math.round(performance.now() - started), peakMb: Math.max(...runs.map((r) => r.maxRssMb)) });

    expect(problems).toEqual([]);
    expect(differing).toEqual([]);
    expect(first.json).toBeTruthy();
    expect(first.md).toBeTruthy();
    expect(first.sarif).toBeTruthy();
    expect(runs[0]!.report!.findings.length).toBeGreaterThan(0);
  }, 300_000);

  it('reports the counts', ({ task }) => {
    task.meta.hostileSummary = [...rows];
  });
});
