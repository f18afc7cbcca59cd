import { spawn } from 'node:child_process';
import { accessSync, chmodSync, chownSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, lstatSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { marked } from 'marked';
import { ReportSchema, type Diagnostic, type Report } from '../../analyzer/types/index.js';
import { CLI } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { CONTROL, unsafeTags } from '../report/payloads.js';

/**
 * Runs the built CLI on a generated repository the way a user would, under the test guard
 * (guard/preload.cjs), with a time limit and a heap limit, and classifies what happened.
 */

export const GUARD = path.join(REPO_ROOT, 'test/hostile/guard/preload.cjs');
/** Heap of the CLI under test; going over it is an out-of-memory crash. */
export const HEAP_MB = 1024;
/** Peak resident memory allowed for one run. */
export const MAX_RSS_MB = 1536;
export const ALL_FORMATS = 'json,md,html,sarif,text';

/** How a case ended: `unreported` when the diagnostic (or payload) the case expects is not in the Report. */
export type Outcome = 'ok' | 'crash' | 'hang' | 'injection' | 'violation' | 'memory' | 'unreported';

export interface GuardEvent {
  kind: string;
  detail: string;
}

export interface RunResult {
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  ms: number;
  stdout: string;
  stderr: string;
  out: string;
  report: Report | null;
  outputs: { json?: string; md?: string; html?: string; sarif?: string };
  guard: GuardEvent[];
  maxRssMb: number;
}

export interface RunOptions {
  /** A run that takes longer is a hang. */
  timeoutMs: number;
  formats?: string;
  /** Folders outside the root that must never be opened (symlink and ../ targets). */
  forbid?: string[];
  /** Run as this user (root cannot be kept out of a chmod 000 file otherwise). */
  uid?: number;
  /** Shuffle folder listings with this seed. */
  shuffle?: number;
  args?: string[];
}

/**
 * Where generated repositories go: a memory file system when there is one (creating
 * 100,000 files on a disk-backed file system can take a minute in a VM), else the temp folder.
 */
const SCRATCH_BASE = ((): string => {
  try {
    const shm = '/dev/shm';
    accessSync(shm, constants.W_OK);
    return shm;
  } catch {
    return tmpdir();
  }
})();

/** A fresh folder for generated files, readable by the unprivileged test user. */
export function scratch(prefix: string): string {
  const dir = mkdtempSync(path.join(SCRATCH_BASE, `archreview-hostile-${prefix}-`));
  chmodSync(dir, 0o755);
  return dir;
}

/** Removes a scratch folder, making unreadable parts readable first. */
export function cleanup(dir: string): void {
  const open = (p: string): void => {
    let stat;
    try {
      stat = lstatSync(p);
    } catch {
      return;
    }
    if (stat.isSymbolicLink()) return;
    if (stat.isDirectory()) {
      try {
        chmodSync(p, 0o755);
        for (const name of readdirSync(p)) open(path.join(p, name));
      } catch {
        /* best effort */
      }
    } else {
      try {
        chmodSync(p, 0o644);
      } catch {
        /* best effort */
      }
    }
  };
  open(dir);
  rmSync(dir, { recursive: true, force: true });
}

export function runArchreview(root: string, options: RunOptions): Promise<RunResult> {
  const out = scratch('out');
  const log = path.join(out, 'guard.jsonl');
  writeFileSync(log, '');
  if (options.uid !== undefined) {
    chownSync(out, options.uid, options.uid);
    chownSync(log, options.uid, options.uid);
  }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: out,
    NODE_OPTIONS: `--require ${GUARD} --max-old-space-size=${HEAP_MB}`,
    ARCHREVIEW_GUARD_LOG: log,
    ARCHREVIEW_GUARD_ROOT: root,
    ARCHREVIEW_GUARD_FORBID: (options.forbid ?? []).join(path.delimiter),
  };
  if (options.shuffle !== undefined) env.ARCHREVIEW_GUARD_SHUFFLE = String(options.shuffle);
  const args = [CLI, root, '--out', out, '--format', options.formats ?? ALL_FORMATS, '--fail-on', 'error', '--no-color', ...(options.args ?? [])];
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: out,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout.length < 4_000_000 ? (stdout += d) : undefined));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr.length < 4_000_000 ? (stderr += d) : undefined));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Math.round(performance.now() - started);
      const read = (name: string): string | undefined => (existsSync(path.join(out, name)) ? readFileSync(path.join(out, name), 'utf8') : undefined);
      const outputs = { json: read('archreview.json'), md: read('report.md'), html: read('report.html'), sarif: read('findings.sarif') };
      let report: Report | null = null;
      try {
        report = outputs.json ? ReportSchema.parse(JSON.parse(outputs.json)) : null;
      } catch {
        report = null;
      }
      const events = readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as GuardEvent);
      const rss = events.filter((e) => e.kind === 'max-rss-kb').map((e) => Number(e.detail));
      cleanup(out);
      resolve({
        code,
        signal,
        timedOut,
        ms,
        stdout,
        stderr,
        out,
        report,
        outputs,
        guard: events.filter((e) => e.kind !== 'max-rss-kb'),
        maxRssMb: rss.length ? Math.round(Math.max(...rss) / 1024) : 0,
      });
    });
  });
}

/** Why a run is not a clean end (exit 0/1, outputs written, guard silent, memory bounded), or null. */
export function runProblem(run: RunResult, formats = ALL_FORMATS): { outcome: Outcome; detail: string } | null {
  if (run.timedOut) return { outcome: 'hang', detail: `no exit after ${run.ms} ms` };
  if (run.signal) return { outcome: 'crash', detail: `killed by ${run.signal}: ${tail(run.stderr)}` };
  if (run.code !== 0 && run.code !== 1) return { outcome: 'crash', detail: `exit ${run.code}: ${tail(run.stderr)}` };
  if (/internal error|FATAL ERROR|heap out of memory|Maximum call stack|\n\s+at \S+ \(/i.test(run.stderr)) return { outcome: 'crash', detail: tail(run.stderr) };
  if (!run.maxRssMb) return { outcome: 'violation', detail: 'the test guard did not run (no memory record): nothing was checked' };
  const violations = run.guard.filter((e) => e.kind !== 'git');
  if (violations.length) return { outcome: 'violation', detail: violations.map((v) => `${v.kind} ${v.detail}`).join('; ') };
  if (run.maxRssMb > MAX_RSS_MB) return { outcome: 'memory', detail: `peak RSS ${run.maxRssMb} MB over ${MAX_RSS_MB} MB` };
  const wanted = formats.split(',');
  if (wanted.includes('json') && !run.report) return { outcome: 'crash', detail: 'archreview.json missing or not a valid Report' };
  const unsafe = unsafeOutputs(run, wanted);
  if (unsafe.length) return { outcome: 'injection', detail: unsafe.join('; ') };
  return null;
}

function tail(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ').slice(0, 400);
}

const CSP_REQUIRED = ["default-src 'none'", "connect-src 'none'", "base-uri 'none'", "form-action 'none'"];
const CONTROL_OR_BIDI = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Every way an output could carry untrusted text into a browser, a Markdown renderer, a terminal or a SARIF viewer unescaped. */
export function unsafeOutputs(run: RunResult, formats: string[]): string[] {
  const problems: string[] = [];
  const { md, html, sarif } = run.outputs;
  if (formats.includes('text')) {
    const bad = [...run.stdout].find((c) => CONTROL_OR_BIDI.test(c));
    if (bad) problems.push(`text: control character U+${bad.codePointAt(0)!.toString(16).padStart(4, '0')} on stdout`);
  }
  if (formats.includes('md')) {
    if (md === undefined) problems.push('md: report.md missing');
    else {
      if (CONTROL.test(md)) problems.push('md: control character');
      const tags = unsafeTags(marked.parse(md, { async: false }));
      if (tags.length) problems.push(`md: renders ${tags.slice(0, 3).join(' ')}`);
    }
  }
  if (formats.includes('html')) {
    if (html === undefined) problems.push('html: report.html missing');
    else problems.push(...unsafeHtml(html));
  }
  if (formats.includes('sarif')) {
    if (sarif === undefined) problems.push('sarif: findings.sarif missing');
    else {
      try {
        const strings: string[] = [];
        JSON.parse(sarif, (_k, v: unknown) => (typeof v === 'string' && strings.push(v), v));
        const bad = strings.find((s) => CONTROL.test(s));
        if (bad !== undefined) problems.push(`sarif: control character in ${JSON.stringify(bad.slice(0, 60))}`);
      } catch {
        problems.push('sarif: not JSON');
      }
    }
  }
  return problems;
}

/** report.html: a strict CSP before any script, and no markup that did not come from the viewer. */
export function unsafeHtml(html: string): string[] {
  const problems: string[] = [];
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  if (!csp) return ['html: no Content-Security-Policy'];
  const policy = csp[1]!;
  for (const required of CSP_REQUIRED) if (!policy.includes(required)) problems.push(`html: CSP lacks ${required}`);
  const scriptSrc = /script-src ([^;]*)/.exec(policy)?.[1] ?? '';
  if (!scriptSrc || scriptSrc.split(/\s+/).some((s) => !/^'sha256-[A-Za-z0-9+/=]+'$/.test(s))) problems.push(`html: script-src allows more than hashed scripts: ${scriptSrc}`);
  if (html.indexOf('<script') < csp.index) problems.push('html: a script comes before the CSP');
  const opens = html.match(/<script\b/gi)?.length ?? 0;
  const closes = html.match(/<\/script/gi)?.length ?? 0;
  if (opens !== 4 || closes !== 4) problems.push(`html: ${opens} <script> and ${closes} </script> (the viewer has 4)`);
  // Embedded data: JSON in <script type="application/json"> must not contain anything that ends or comments out the element.
  for (const m of html.matchAll(/<script type="application\/json"[^>]*>([\s\S]*?)<\/script>/g)) {
    if (/<|>|\u2028|\u2029/.test(m[1]!)) problems.push('html: embedded JSON holds <, > or a line separator unescaped');
  }
  return problems;
}

/** Diagnostics of a run that name `file`. */
export function diagnosticsFor(report: Report | null, file: string): Diagnostic[] {
  return (report?.diagnostics ?? []).filter((d) => d.file === file);
}

/** The real path of a folder (tmp may be a symlink). */
export function realDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return realpathSync(dir);
}
