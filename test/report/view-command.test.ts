import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startViewServer } from '../../analyzer/cli/view-command.js';
import { CLI } from '../helpers/cli.js';
import { fixture, REPO_ROOT } from '../helpers/fixtures.js';

function get(url: string, host?: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request({ hostname: u.hostname, port: u.port, path: u.pathname, headers: host ? { host } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('archreview view', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child?.pid && child.exitCode === null) child.kill('SIGTERM');
    child = undefined;
  });

  it('serves one page on 127.0.0.1 and refuses other hosts and paths', async () => {
    const server = await startViewServer('<!doctype html><title>t</title>');
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const ok = await get(server.url);
      expect(ok.status).toBe(200);
      expect(ok.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(ok.headers['cache-control']).toBe('no-store');
      expect((await get(server.url, 'attacker.example:80')).status).toBe(403);
      expect((await get(`${server.url}../etc/passwd`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('prints the URL of a saved report, serves report.html, and stops on SIGTERM', async () => {
    child = spawn(process.execPath, [CLI, 'view', fixture('reports/acme-shop.json'), '--no-open'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child!.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child!.on('exit', (code) => reject(new Error(`view exited with ${code}: ${out}`)));
      setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 30_000);
    });
    const page = await get(url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script type="application/json" id="archreview-report">');
    expect(page.body).toContain('Content-Security-Policy');
    const code = await new Promise<number | null>((resolve) => {
      child!.once('exit', resolve);
      child!.kill('SIGTERM');
    });
    expect(code).toBe(0);
  });

  it('refuses a file that is not a report with one line and exit code 2', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, [CLI, 'view', `${REPO_ROOT}/package.json`, '--no-open'], { cwd: REPO_ROOT });
      let stderr = '';
      p.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      p.on('exit', (code) => resolve({ code, stderr }));
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^archreview: .*package\.json is not an archreview report/);
  });
});
