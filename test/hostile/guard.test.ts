import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, GUARD, realDir, scratch, unsafeHtml, unsafeOutputs, type RunResult } from './harness.js';

/**
 * Checks of the checks: the guard really refuses what the hostile suite says it refuses,
 * and the output checks really catch unescaped output. Without these, a suite that passes
 * could be a suite that looks at nothing.
 */

const dir = realDir(scratch('guard-self-test'));
const root = path.join(dir, 'root');
const outside = path.join(dir, 'outside');
mkdirSync(root);
mkdirSync(outside);
writeFileSync(path.join(root, 'evil.cjs'), "require('fs').writeFileSync(process.env.MARK, 'x');\n");
writeFileSync(path.join(root, 'evil.mjs'), "import fs from 'node:fs'; fs.writeFileSync(process.env.MARK, 'x');\n");
writeFileSync(path.join(outside, 'secret.txt'), 'secret\n');
symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'link.txt'));
for (let i = 0; i < 30; i++) writeFileSync(path.join(root, `f${String(i).padStart(2, '0')}`), '');

/** Runs a script as an ES module under the guard; returns the guard's records (without the memory one). */
function guarded(script: string, extra: Record<string, string> = {}): { kinds: string[]; stdout: string } {
  const log = path.join(dir, `log-${Math.random().toString(36).slice(2)}`);
  writeFileSync(log, '');
  const result = spawnSync(process.execPath, ['--require', GUARD, '--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', ARCHREVIEW_GUARD_LOG: log, ARCHREVIEW_GUARD_ROOT: root, ARCHREVIEW_GUARD_FORBID: outside, MARK: path.join(dir, 'marker'), ...extra },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const kinds = readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { kind: string }).kind)
    .filter((k) => k !== 'max-rss-kb');
  return { kinds, stdout: result.stdout };
}

describe('the test guard', () => {
  afterAll(() => cleanup(dir));

  it.each([
    ['require of a file in the analyzed folder', `import { createRequire } from 'node:module'; try { createRequire(import.meta.url)(${JSON.stringify(path.join(root, 'evil.cjs'))}); } catch {}`, 'require'],
    ['import of a file in the analyzed folder', `try { await import(${JSON.stringify(path.join(root, 'evil.mjs'))}); } catch {}`, 'import'],
    ['a child process', "import { execFileSync } from 'node:child_process'; try { execFileSync('true'); } catch {}", 'child_process'],
    ['git without hooks disabled', "import { execFileSync } from 'node:child_process'; try { execFileSync('git', ['log']); } catch {}", 'child_process'],
    ['git with a shell', "import { execSync } from 'node:child_process'; try { execSync('git -c core.fsmonitor= -c core.hooksPath=/dev/null log'); } catch {}", 'child_process'],
    ['git writing', "import { execFileSync } from 'node:child_process'; try { execFileSync('git', ['-c', 'core.fsmonitor=', '-c', 'core.hooksPath=/dev/null', 'commit']); } catch {}", 'child_process'],
    ['an HTTP request', "import http from 'node:http'; try { http.get('http://127.0.0.1:9/'); } catch {}", 'network'],
    ['fetch', "try { await fetch('http://127.0.0.1:9/'); } catch {}", 'network'],
    ['a socket', "import net from 'node:net'; try { net.connect(9, '127.0.0.1'); } catch {}", 'network'],
    ['a DNS look-up', "import dns from 'node:dns'; try { dns.lookup('example.com', () => {}); } catch {}", 'dns'],
    ['listening on a port', "import http from 'node:http'; try { http.createServer().listen(0); } catch {}", 'network-listen'],
    ['reading through a symlink out of the folder', `import { readFileSync } from 'node:fs'; try { readFileSync(${JSON.stringify(path.join(root, 'link.txt'))}); } catch {}`, 'read-outside'],
    ['listing a forbidden folder', `import { readdirSync } from 'node:fs'; try { readdirSync(${JSON.stringify(outside)}); } catch {}`, 'read-outside'],
  ])('refuses and records %s', (_name, script, kind) => {
    expect(guarded(script).kinds).toContain(kind);
  });

  it('lets read-only git through, the way archreview runs it', () => {
    const { kinds } = guarded("import { execFileSync } from 'node:child_process'; try { execFileSync('git', ['-c', 'core.fsmonitor=', '-c', 'core.hooksPath=/dev/null', '--no-pager', 'rev-parse', '--is-inside-work-tree'], { stdio: 'ignore' }); } catch {}");
    expect(kinds).toEqual(['git']);
  });

  it('shuffles folder listings when asked, so a test can show order does not matter', () => {
    const list = `import { readdirSync } from 'node:fs'; console.log(readdirSync(${JSON.stringify(root)}).join(','));`;
    const plain = guarded(list).stdout.trim();
    const shuffled = guarded(list, { ARCHREVIEW_GUARD_SHUFFLE: '7' }).stdout.trim();
    expect(shuffled.split(',').sort()).toEqual(plain.split(',').sort());
    expect(shuffled).not.toBe(plain);
  });
});

describe('the output checks', () => {
  const run = (outputs: RunResult['outputs'], stdout = ''): RunResult => ({ code: 0, signal: null, timedOut: false, ms: 0, stdout, stderr: '', out: '', report: null, outputs, guard: [], maxRssMb: 1 });
  const csp = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-AAAA'; connect-src 'none'; base-uri 'none'; form-action 'none'">`;
  const page = (body: string, policy = csp): string => `<html><head>${policy}<script>1</script><script>2</script><script type="application/json" id="a">{}</script><script type="application/json" id="b">{}</script></head><body>${body}</body></html>`;

  it('accept a page with a strict CSP and four scripts', () => {
    expect(unsafeHtml(page(''))).toEqual([]);
  });

  it.each([
    ['no CSP', page('', '')],
    ['a script-src that allows inline code', page('', csp.replace("'sha256-AAAA'", "'unsafe-inline'"))],
    ['an injected script element', page('<script>alert(1)</script>')],
    ['a closing script tag in embedded data', page('').replace('{}</script><script type="application/json" id="b">', '{"a":"</script><img src=x onerror=alert(1)>"}</script><script type="application/json" id="b">')],
  ])('catch %s in HTML', (_name, html) => {
    expect(unsafeHtml(html)).not.toEqual([]);
  });

  it('catch raw HTML in Markdown, control characters on the terminal and in SARIF', () => {
    expect(unsafeOutputs(run({ md: '# x\n\n<img src=x onerror=alert(1)>\n' }), ['md'])).not.toEqual([]);
    expect(unsafeOutputs(run({ md: '[x](javascript:alert(1))\n' }), ['md'])).not.toEqual([]);
    expect(unsafeOutputs(run({}, 'name \u001b[2J'), ['text'])).not.toEqual([]);
    expect(unsafeOutputs(run({}, 'name \u202egnp.exe'), ['text'])).not.toEqual([]);
    expect(unsafeOutputs(run({ sarif: JSON.stringify({ a: 'x\u001b]0;t\u0007' }) }), ['sarif'])).not.toEqual([]);
    expect(unsafeOutputs(run({ md: 'fine \\<img\\>\n', sarif: '{}' }, 'fine\n'), ['md', 'sarif', 'text'])).toEqual([]);
  });
});
