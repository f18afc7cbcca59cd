/**
 * `npm run bench`: generates synthetic systems (1k/20, 5k/100, 20k/500 files/services), times
 * archreview end to end (all formats) cold without a cache, cold filling an empty `--cache`,
 * warm (unchanged, cached) and after one changed file (cached), with peak RSS, and cold on one
 * thread (ARCHREVIEW_THREADS=1) to show what the worker threads give;
 * runs dependency-cruiser and madge on the same trees; times report generation and the
 * viewer's first paint of the largest system in headless Chromium. Prints a Markdown table.
 *
 *   npm run bench                 all sizes
 *   npm run bench -- --sizes 1k   one size (1k, 5k, 20k)
 *   npm run bench -- --no-peers   skip dependency-cruiser and madge
 *   npm run bench -- --repeat 3   runs per archreview figure, the median is shown (default 3)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSystem } from './generate-system.js';
import { parseFloor } from './parse-floor.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'dist/analyzer/cli/bin.js');
const WORK = path.join(os.tmpdir(), 'archreview-bench');
const SIZES = { '1k': { files: 1000, services: 20 }, '5k': { files: 5000, services: 100 }, '20k': { files: 20000, services: 500 } } as const;

interface Measure {
  seconds: number;
  rssMb: number;
  ok: boolean;
}

/** Runs a command under /usr/bin/time: wall seconds and peak resident memory. */
function measure(command: string, args: string[], cwd = ROOT, timeoutMs = 600_000, env: Record<string, string> = {}): Measure {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', ...env } });
  const last = result.stderr.trim().split('\n').pop() ?? '';
  const [seconds, kb] = last.split(' ').map(Number);
  return { seconds: seconds ?? NaN, rssMb: Math.round((kb ?? 0) / 1024), ok: result.status === 0 || result.status === 1 };
}

function bin(name: string): string {
  return path.join(ROOT, 'node_modules/.bin', name);
}

function system(size: keyof typeof SIZES): string {
  const dir = path.join(WORK, size);
  const marker = path.join(dir, '.generated');
  if (!existsSync(marker)) {
    rmSync(dir, { recursive: true, force: true });
    generateSystem(dir, SIZES[size]);
    writeFileSync(marker, JSON.stringify(SIZES[size]));
  }
  return dir;
}

let repeat = 3;

/** The run with the median time of `repeat` runs (this machine's timings vary by ±15 % from run to run). */
function median(run: () => Measure): Measure {
  const runs = Array.from({ length: repeat }, run).sort((a, b) => a.seconds - b.seconds);
  return runs[Math.floor(runs.length / 2)]!;
}

function archreview(dir: string, out: string, cacheDir?: string, threads?: number): Measure {
  const args = [CLI, dir, '--out', out, '--format', 'json,md,html,sarif,text', '--quiet', '--fail-on', 'never', ...(cacheDir ? ['--cache-dir', cacheDir] : [])];
  return measure(process.execPath, args, ROOT, 600_000, threads ? { ARCHREVIEW_THREADS: String(threads) } : {});
}

function changeOneFile(dir: string): void {
  const file = path.join(dir, 'services/svc-000/src/index.ts');
  writeFileSync(file, `${readFileSync(file, 'utf8')}\n// touched ${Date.now()}\n`);
}

async function firstPaint(html: string): Promise<number | null> {
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromiumPath)) return null;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`file://${html}`);
    await page.waitForSelector('.canvas .node', { timeout: 60_000 });
    return Math.round(await page.evaluate('performance.now()'));
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const sizes = (argv.includes('--sizes') ? argv[argv.indexOf('--sizes') + 1]!.split(',') : Object.keys(SIZES)) as (keyof typeof SIZES)[];
  const peers = !argv.includes('--no-peers');
  if (argv.includes('--repeat')) repeat = Math.max(1, Number(argv[argv.indexOf('--repeat') + 1]) || 1);
  if (!existsSync(CLI)) throw new Error('run npm run build first');
  const rows: string[] = [];
  rows.push('| system | files | archreview cold | files/s | peak RSS | cold, one thread | cold, filling the cache | warm (cached) | one file changed (cached) | dependency-cruiser | ratio | madge | ratio |');
  rows.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  let largestHtml: string | null = null;
  for (const size of sizes) {
    const dir = system(size);
    const out = path.join(WORK, `${size}-out`);
    const cache = path.join(WORK, `${size}-cache`);
    rmSync(cache, { recursive: true, force: true });
    // One run not counted: the first run after a build or a generation is slower (page cache, disk).
    archreview(dir, out);
    const cold = median(() => archreview(dir, out));
    const oneThread = median(() => archreview(dir, out, undefined, 1));
    const filling = median(() => {
      rmSync(cache, { recursive: true, force: true });
      return archreview(dir, out, cache);
    });
    const warm = median(() => archreview(dir, out, cache));
    const changed = median(() => {
      changeOneFile(dir);
      return archreview(dir, out, cache);
    });
    largestHtml = path.join(out, 'report.html');
    let cruise: Measure | null = null;
    let madge: Measure | null = null;
    if (peers) {
      cruise = measure(bin('depcruise'), ['--no-config', '--output-type', 'json', 'services', 'libs'], dir);
      madge = measure(bin('madge'), ['--json', '--extensions', 'ts', 'services', 'libs'], dir);
    }
    const files = SIZES[size].files;
    const ratio = (peer: Measure | null): string => (peer && peer.ok ? `${(peer.seconds / cold.seconds).toFixed(1)}×` : 'n/a');
    rows.push(
      `| ${size} (${SIZES[size].services} services) | ${files} | ${cold.seconds.toFixed(2)} s | ${Math.round(files / cold.seconds)} | ${cold.rssMb} MB | ${oneThread.seconds.toFixed(2)} s, ${oneThread.rssMb} MB | ${filling.seconds.toFixed(2)} s, ${filling.rssMb} MB | ${warm.seconds.toFixed(2)} s | ${changed.seconds.toFixed(2)} s, ${changed.rssMb} MB | ${cruise ? `${cruise.seconds.toFixed(2)} s, ${cruise.rssMb} MB${cruise.ok ? '' : ' (failed)'}` : 'skipped'} | ${ratio(cruise)} | ${madge ? `${madge.seconds.toFixed(2)} s, ${madge.rssMb} MB${madge.ok ? '' : ' (failed)'}` : 'skipped'} | ${ratio(madge)} |`,
    );
    process.stderr.write(`${size}: done\n`);
  }
  console.log(`Median of ${repeat} runs per archreview figure; peers run once.\n`);
  console.log(rows.join('\n'));

  for (const size of sizes) {
    const floor = parseFloor(system(size));
    console.log(`Parse floor of ${size} (read + ts.createSourceFile + one forEachChild walk, one thread, in-process, no startup): ${floor.seconds.toFixed(2)} s for ${floor.files} files`);
  }

  // Report generation and first paint on the largest system measured.
  const largest = sizes[sizes.length - 1]!;
  const json = path.join(WORK, `${largest}-out`, 'archreview.json');
  const renderScript = `import { readFileSync } from 'node:fs';
import { REPORTERS } from '${path.join(ROOT, 'dist/analyzer/report/index.js')}';
const report = JSON.parse(readFileSync(${JSON.stringify(json)}, 'utf8'));
const times = {};
for (const format of ['md', 'html', 'sarif']) { const reporter = await REPORTERS[format](); const t = performance.now(); reporter(report, { color: false }); times[format] = Math.round(performance.now() - t); }
console.log(JSON.stringify(times));`;
  const rendered = execFileSync(process.execPath, ['--input-type=module', '-e', renderScript], { encoding: 'utf8' }).trim();
  console.log(`\nReport generation for ${largest} (${SIZES[largest].services} services), ms per format: ${rendered}`);
  if (largestHtml) {
    const paint = await firstPaint(largestHtml);
    console.log(`Viewer first paint of ${largest} in headless Chromium: ${paint === null ? 'skipped (no Chromium)' : `${paint} ms after navigation start`}`);
  }
  console.log(`\nMachine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
