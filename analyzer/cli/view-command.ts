import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { REPORTERS } from '../report/index.js';
import { terminalSafe } from '../report/sanitize.js';
import { analyzeReport } from '../entry.js';
import { ReportSchema, type Report } from '../types/index.js';
import { UsageError } from './usage-error.js';

export interface ViewCommandOptions {
  config?: string;
  port?: string;
  /** commander's `--no-open`. */
  open: boolean;
  quiet?: boolean;
}

/**
 * `archreview view [path | archreview.json]`: analyzes a folder (or reads a saved Report),
 * serves the HTML report on 127.0.0.1 at a free port, prints the URL and opens a browser
 * unless `--no-open`. Runs until interrupted.
 */
export async function runView(target: string, options: ViewCommandOptions): Promise<number> {
  const report = await loadReport(target, options);
  const load = REPORTERS.html;
  if (!load) throw new UsageError('this build has no HTML reporter');
  const html = (await load())(report, { color: false }).file!.content;
  const port = parsePort(options.port);
  const server = await startViewServer(html, port);
  process.stdout.write(`archreview viewer for ${terminalSafe(report.root)}: ${server.url}\n${options.quiet ? '' : 'Press Ctrl+C to stop.\n'}`);
  if (options.open) openBrowser(server.url);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}

async function loadReport(target: string, options: ViewCommandOptions): Promise<Report> {
  const file = path.resolve(target);
  if (!existsSync(file)) throw new UsageError(`path not found: ${target}`);
  if (statSync(file).isDirectory()) {
    const { config } = loadConfig(file, options.config);
    return (await analyzeReport(file, { config })).report;
  }
  if (!file.endsWith('.json')) throw new UsageError(`not a folder or an archreview.json: ${target}`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${target} as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = ReportSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${target} is not an archreview report (${issue ? `${issue.path.join('.') || 'root'}: ${issue.message}` : 'invalid'})`);
  }
  return parsed.data;
}

function parsePort(port: string | undefined): number {
  if (port === undefined) return 0;
  const n = Number(port);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port must be a number from 0 to 65535; got "${port}"`);
  return n;
}

export interface ViewServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves one page on the loopback interface. Only `/` answers; requests whose Host is not
 * this loopback address are refused, so another site cannot read the report through DNS rebinding.
 */
export async function startViewServer(html: string, port = 0): Promise<ViewServer> {
  const body = Buffer.from(html, 'utf8');
  const server: Server = createServer((req, res) => {
    const address = server.address() as AddressInfo;
    const hosts = new Set([`127.0.0.1:${address.port}`, `localhost:${address.port}`]);
    if (!hosts.has(req.headers.host ?? '')) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('forbidden\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname !== '/' && pathname !== '/index.html') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': body.length,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'x-frame-options': 'DENY',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new UsageError(`port ${port} is in use; choose another with --port or leave it out for a free one`) : error),
    );
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Best effort: the platform's opener, detached; if there is none the printed URL is enough. */
function openBrowser(url: string): void {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => process.stderr.write(`archreview: could not open a browser; open ${url} yourself\n`));
    child.unref();
  } catch {
    process.stderr.write(`archreview: could not open a browser; open ${url} yourself\n`);
  }
}
