import { stringify } from 'yaml';
import type { RunResult } from './harness.js';
import { k8sHeader, writeRepo, type Batch, type Entry, type HostileCase, type Problem } from './repo.js';

/**
 * Names that are markup, script, Markdown, terminal escapes or paths: as compose service
 * names, Kubernetes kinds (which end up in a diagnostic), file names (ditto) and HTTP route
 * paths in code. Every output format must show them as text.
 */
export const PAYLOADS: string[] = [
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(2)</script>',
  '"><svg onload=alert(3)>',
  '"><img src=x onerror=window.pwned=1>',
  "'><iframe srcdoc='<script>alert(4)</script>'>",
  '<a href="javascript:alert(5)">x</a>',
  '[click](javascript:alert(6))',
  '![pixel](http://127.0.0.1:9/pixel.png)',
  '<img src="http://127.0.0.1:9/beacon.png">',
  '<style>@import url(http://127.0.0.1:9/x.css)</style>',
  '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/">',
  '<base href="http://127.0.0.1:9/">',
  '<!-- unclosed comment',
  "{{constructor.constructor('alert(7)')()}}",
  '`+alert(8)+`',
  'javascript:alert(9)',
  '\u001b[2J\u001b[H\u001b[31mCLEARED',
  '\u001b]0;pwned title\u0007',
  '\u001b]8;;http://127.0.0.1:9/\u0007click\u001b]8;;\u0007',
  '\u009b31mC1-CSI',
  'over\rwrite',
  'new\nline',
  '\u202egnp.exe',
  '# Heading\n| a | b |\n---',
  '`code` *bold* _u_ ~~s~~ <u>x</u>',
  '::error file=x::injected annotation',
  '%0A::warning::encoded',
  '../../../../etc/passwd',
  'line\u2028sep\u2029para',
  'nul\u0000bell\u0007',
  '\u{1F600} émoji ünïcode',
];

/** A payload as a file name: no `/` and no NUL (the only bytes a file name cannot hold). */
export function fileNameOf(payload: string, i: number): string {
  return `${i}-${payload.replace(/\//g, '\u2215').replace(/\u0000/g, '')}`;
}

const SINKS = ['compose service name', 'Kubernetes kind', 'file name', 'route path'] as const;

export const hostileNames: Batch = {
  id: 'hostile-names',
  build(root) {
    const services: Record<string, unknown> = {};
    PAYLOADS.forEach((p, i) => {
      services[p] = {
        image: `registry.example/img${i}:1`,
        hostname: `svc${i}`,
        environment: { NEXT_URL: `http://svc${(i + 1) % PAYLOADS.length}:3000/${i}`, DATABASE_URL: 'postgres://db:5432/shared' },
        labels: { note: p },
      };
    });
    services.api = { build: './api', environment: { DATABASE_URL: 'postgres://db:5432/shared' } };
    services.db = { image: 'postgres:16' };
    const entries: Record<string, Entry> = {
      'compose.yaml': stringify({ services }),
      'api/package.json': '{"name":"api","dependencies":{"express":"4"}}',
      'api/Dockerfile': 'FROM node:20\n',
      'api/server.ts': `import express from 'express';\nconst app = express();\n${PAYLOADS.map((p) => `app.get(${JSON.stringify(`/${p}`)}, (_req, res) => res.send('x'));`).join('\n')}\napp.listen(3000);\n`,
      'k8s/kinds.yaml': PAYLOADS.map((p, i) => stringify({ apiVersion: 'v1', kind: p, metadata: { name: `odd-${i}` } })).join('---\n'),
    };
    PAYLOADS.forEach((p, i) => {
      entries[`names/${fileNameOf(p, i)}.ts`] = Buffer.from([0, 1, 2, 3]);
    });
    entries['names/plain.yaml'] = `${k8sHeader('plain')}data: {}\n`;
    writeRepo(root, entries);
    return PAYLOADS.flatMap((p, i) => SINKS.map((sink): HostileCase => ({ category: 'hostile names', name: `${sink}: ${JSON.stringify(p)}`, file: sink === 'file name' ? `names/${fileNameOf(p, i)}.ts` : undefined })));
  },
  check(run, cases) {
    return unreported(run, cases);
  },
};

/** Payloads that never reached the Report (a case that tests nothing). */
function unreported(run: RunResult, cases: HostileCase[]): Problem[] {
  const json = JSON.stringify(run.report ?? {});
  const problems: Problem[] = [];
  for (const c of cases) {
    const payload = JSON.parse(c.name.slice(c.name.indexOf(': ') + 2)) as string;
    const sink = c.name.slice(0, c.name.indexOf(': '));
    const needle = sink === 'file name' ? c.file! : sink === 'route path' ? `/${payload}` : payload;
    if (!json.includes(JSON.stringify(needle).slice(1, -1))) problems.push({ name: c.name, outcome: 'unreported', detail: 'not in archreview.json' });
  }
  return problems;
}
