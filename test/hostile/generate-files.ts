import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI } from '../helpers/cli.js';
import { composeService, k8sHeader, noise, writeRepo, type Batch, type Entry, type HostileCase, type Problem } from './repo.js';

/**
 * Files that are too big, binary, not UTF-8, symbolic links that loop or leave the tree,
 * files and folders that cannot be read, and a repository of 100,000 empty files.
 */

const MB = 1024 * 1024;

/** `size` bytes of text: `line` repeated (after `head`). */
function text(size: number, line: string, head = ''): Buffer {
  const unit = Buffer.from(line);
  const out = Buffer.alloc(size, unit);
  out.write(head, 0);
  return out;
}

export const hugeFiles: Batch = {
  id: 'huge-files',
  options: { timeoutMs: 120_000 },
  build(root) {
    const cases: HostileCase[] = [];
    const at = (rel: string, content: Buffer, codes = ['file-too-large']): void => {
      const abs = path.join(root, rel);
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, content);
      cases.push({ category: '50 MB files', name: rel, file: rel, codes });
    };
    at('src/huge.ts', text(50 * MB, 'export const a = fetch("http://users:3000/x");\n'));
    at('k8s/huge.yaml', text(50 * MB, '  k: v\n', `${k8sHeader('huge')}data:\n`));
    at('compose.yaml', text(50 * MB, '      - A=1\n', 'services:\n  web:\n    image: nginx\n    environment:\n'));
    at('p/.env', text(50 * MB, 'A=${A}${A}\n'));
    writeFileSync(path.join(root, 'p/compose.yaml'), composeService('p', '    environment:\n      X: ${A}\n'));
    at('.gitignore', text(50 * MB, '**/a*b*c*d*e*/**\n'));
    at('package.json', text(50 * MB, ' ', '{"name":"huge","dependencies":{}}'));
    at('gw/nginx.conf', text(50 * MB, 'location / { proxy_pass http://a; }\n', 'http {\n'));
    at('.github/CODEOWNERS', text(50 * MB, '* @team\n'));
    at('d/Dockerfile', text(50 * MB, 'ENV A=1\n', 'FROM node:20\n'));
    // Just under the limits: parsed, and must not take long.
    at('k8s/almost.yaml', Buffer.from(Array.from({ length: 40_000 }, (_v, i) => `${k8sHeader(`cm-${i}`)}data:\n  k: "${'v'.repeat(60)}"\n---\n`).join('').slice(0, 5 * MB - 1024)), []);
    at('src/almost.ts', Buffer.from(`import axios from 'axios';\n${Array.from({ length: 12_000 }, (_v, i) => `export const f${i} = () => axios.get(\`http://svc${i % 50}:3000/x/\${process.env.P${i % 7}}\`);`).join('\n')}\n`.slice(0, MB - 1024)), []);
    return cases.map((c) => (c.codes?.length ? c : { ...c, codes: undefined }));
  },
};

const BINARY_PLACES = [
  'src/binary.ts',
  'src/binary.js',
  'src/binary.tsx',
  'cmd/main.go',
  'app/main.py',
  'k8s/binary.yaml',
  'b1/compose.yaml',
  'b2/Dockerfile',
  'b3/.env',
  'b4/package.json',
  'gw/nginx.conf',
  'chart/Chart.yaml',
  '.github/CODEOWNERS',
  'b5/kustomization.yaml',
];

export const binaryFiles: Batch = {
  id: 'binary-files',
  build(root) {
    const entries: Record<string, Entry> = {};
    const cases: HostileCase[] = [];
    BINARY_PLACES.forEach((file, i) => {
      entries[file] = noise(4096 + i * 97, i + 1);
      cases.push({ category: 'binary files', name: file, file, codes: ['binary-file'] });
    });
    entries['b3/compose.yaml'] = composeService();
    entries['gw/compose.yaml'] = composeService('gw', '    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf\n');
    const special: [string, Buffer][] = [
      ['src/logo.png.ts', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), noise(2000, 99)])],
      ['src/elf.js', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), noise(3000, 98)])],
      ['src/utf16.ts', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('export const a = 1;\n', 'utf16le')])],
      ['k8s/gzip.yaml', Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]), noise(500, 97)])],
      ['src/nul-in-middle.ts', Buffer.from("export const a = 'x';\n\u0000\nexport const b = 2;\n")],
    ];
    for (const [file, content] of special) {
      entries[file] = content;
      cases.push({ category: 'binary files', name: file, file, codes: ['binary-file'] });
    }
    writeRepo(root, entries);
    return cases;
  },
};

export const notUtf8: Batch = {
  id: 'not-utf8',
  build(root) {
    const entries: Record<string, Entry> = {};
    const cases: HostileCase[] = [];
    const add = (name: string, file: string, content: Buffer): void => {
      entries[file] = content;
      cases.push({ category: 'not UTF-8', name, file, codes: ['not-utf8'] });
    };
    const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');
    add('latin1-ts', 'src/latin1.ts', latin1("export const caf\u00e9 = 'd\u00e9j\u00e0 vu';\nfetch('http://users:3000/\u00e9');\n"));
    add('latin1-yaml', 'k8s/latin1.yaml', latin1(`${k8sHeader('latin')}data:\n  name: "Jos\u00e9"\n`));
    add('overlong-slash', 'k8s/overlong.yaml', Buffer.concat([Buffer.from(`${k8sHeader('overlong')}data:\n  p: "..`), Buffer.from([0xc0, 0xaf]), Buffer.from('etc"\n')]));
    add('cesu-surrogate', 'src/cesu.js', Buffer.concat([Buffer.from("module.exports = '"), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from("';\n")]));
    add('truncated-multibyte', 'src/truncated.ts', Buffer.concat([Buffer.from("export const euro = '"), Buffer.from([0xe2, 0x82])]));
    add('shift-jis-env', 'c1/.env', Buffer.from([0x4e, 0x41, 0x4d, 0x45, 0x3d, 0x93, 0xfa, 0x96, 0x7b, 0x0a]));
    entries['c1/compose.yaml'] = composeService('web', '    environment:\n      N: ${NAME}\n');
    add('cp1252-compose', 'c2/compose.yaml', Buffer.concat([Buffer.from('services:\n  web:\n    image: nginx\n    labels:\n      q: "'), Buffer.from([0x93, 0x71, 0x94]), Buffer.from('"\n')]));
    add('lone-continuation', 'cmd/app.go', Buffer.from([0x70, 0x61, 0x63, 0x6b, 0x61, 0x67, 0x65, 0x20, 0x6d, 0x61, 0x69, 0x6e, 0x0a, 0x80, 0x81, 0x0a]));
    add('bom-then-invalid', 'src/bom.ts', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('export const x = "'), Buffer.from([0xff]), Buffer.from('";\n')]));
    add('invalid-dockerfile', 'd/Dockerfile', Buffer.concat([Buffer.from('FROM node:20\nENV GREETING='), Buffer.from([0xe9, 0xe8]), Buffer.from('\n')]));
    add('invalid-nginx', 'gw/nginx.conf', Buffer.concat([Buffer.from('http { server { location /'), Buffer.from([0xfe]), Buffer.from(' { proxy_pass http://a:1; } } }\n')]));
    entries['gw/compose.yaml'] = composeService('gw', '    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf\n');
    writeRepo(root, entries);
    return cases;
  },
};

/** The secrets that symbolic links and ../ paths point at; a run must never open them. */
export function writeOutside(outside: string): void {
  writeRepo(outside, {
    'secret.yaml': `${k8sHeader('stolen')}data:\n  token: CANARY-OUTSIDE-7f3a\n`,
    'secret.env': 'TOKEN=CANARY-OUTSIDE-7f3a\n',
    'compose.yaml': composeService('stolen', '    environment:\n      TOKEN: CANARY-OUTSIDE-7f3a\n'),
    'deploy.yaml': `${k8sHeader('stolen', 'Deployment')}spec:\n  template:\n    spec:\n      containers:\n        - name: stolen\n          image: CANARY-OUTSIDE-7f3a\n`,
    'kustomization.yaml': 'resources:\n  - deploy.yaml\n',
    'nginx.conf': 'location /stolen { proxy_pass http://CANARY-OUTSIDE-7f3a:80; }\n',
    'evil.ts': "import x from 'CANARY-OUTSIDE-7f3a';\n",
    'dir/inner.yaml': `${k8sHeader('stolen-inner')}data:\n  token: CANARY-OUTSIDE-7f3a\n`,
  });
}

export const symlinks: Batch = {
  id: 'symlinks',
  build(root, outside) {
    writeOutside(outside);
    const entries: Record<string, Entry> = {
      'real/deploy.yaml': `${k8sHeader('real', 'Deployment')}spec:\n  template:\n    spec:\n      containers:\n        - name: real\n          image: real:1\n`,
      'services/api/index.ts': "fetch('http://users:3000/x');\n",
      'chain-c.yaml': `${k8sHeader('chain')}data:\n  a: "1"\n`,
      'pipe': { fifo: true },
    };
    const cases: HostileCase[] = [];
    const link = (name: string, file: string, target: string, codes: string[] | undefined): void => {
      entries[file] = { symlink: target };
      cases.push({ category: 'symlinks', name, file, codes });
    };
    link('loop-a', 'loop-a.yaml', 'loop-b.yaml', ['symlink-loop']);
    link('loop-b', 'loop-b.yaml', 'loop-a.yaml', ['symlink-loop']);
    link('self-loop', 'self.ts', 'self.ts', ['symlink-loop']);
    link('dir-to-parent', 'up', '..', ['symlink-outside-root']);
    link('dir-to-root', 'again', '.', ['symlink-dir']);
    link('dir-to-sibling', 'services-link', 'services', ['symlink-dir']);
    link('file-outside-relative', 'k8s/secret.yaml', path.relative(path.join(root, 'k8s'), path.join(outside, 'secret.yaml')), ['symlink-outside-root']);
    link('file-outside-absolute', 'k8s/abs-secret.yaml', path.join(outside, 'secret.yaml'), ['symlink-outside-root']);
    link('compose-outside', 'c1/compose.yaml', path.join(outside, 'compose.yaml'), ['symlink-outside-root']);
    link('env-outside', 'c2/.env', path.join(outside, 'secret.env'), ['symlink-outside-root']);
    entries['c2/compose.yaml'] = composeService('c2', '    environment:\n      T: ${TOKEN}\n');
    link('dir-outside', 'stolen', outside, ['symlink-outside-root']);
    link('etc-passwd', 'passwd.env', '/etc/passwd', ['symlink-outside-root']);
    link('dangling', 'dangling.ts', 'nowhere.ts', ['symlink-broken']);
    link('to-fifo', 'fifo.yaml', 'pipe', ['not-a-file']);
    link('inside-chain-a', 'chain-a.yaml', 'chain-b.yaml', undefined);
    link('inside-chain-b', 'chain-b.yaml', 'chain-c.yaml', undefined);
    link('inside-file', 'k8s/linked.yaml', '../real/deploy.yaml', undefined);
    cases.push({ category: 'symlinks', name: 'fifo-in-tree', file: 'pipe', codes: ['not-a-file'] });
    // Paths in manifests that reach through a link that leaves the root.
    entries['c3/compose.yaml'] = composeService('c3', '    env_file: ../stolen/secret.env\n');
    cases.push({ category: 'symlinks', name: 'env-file-through-dir-link', file: 'c3/compose.yaml', codes: ['missing-file', 'path-outside-root'] });
    writeRepo(root, entries);
    return cases;
  },
  check(run) {
    return canaryLeaks(run);
  },
};

/** Problems when anything read from the forbidden folder shows up in an output. */
export function canaryLeaks(run: { stdout: string; outputs: Record<string, string | undefined> }): Problem[] {
  const texts = [run.stdout, ...Object.values(run.outputs)];
  return texts.some((t) => t?.includes('CANARY-OUTSIDE')) ? [{ outcome: 'violation', detail: 'content from outside the analyzed folder reached the output' }] : [];
}

/**
 * Who can be kept out of a chmod 000 file: not root. When the tests run as root, the batch
 * runs the CLI as `nobody` (65534), if that user can reach the CLI; otherwise the permission
 * cases only check that nothing breaks, and the category says so.
 */
function permissionUser(): { uid?: number; enforced: boolean } {
  if (process.getuid?.() !== 0) return { enforced: true };
  const probe = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(CLI)}, require('fs').constants.R_OK)`], { uid: 65534, gid: 65534, stdio: 'ignore' });
  return probe.status === 0 ? { uid: 65534, enforced: true } : { enforced: false };
}

const PERMISSIONS = permissionUser();

/** Files and folders the analysis user cannot read, pipes where files are expected. Runs as an unprivileged user. */
export const unreadable: Batch = {
  id: 'unreadable',
  options: PERMISSIONS.uid === undefined ? {} : { uid: PERMISSIONS.uid },
  build(root) {
    const locked = { content: '', mode: 0o000 };
    const entries: Record<string, Entry> = {
      'src/locked.ts': { ...locked, content: "fetch('http://a:1');\n" },
      'k8s/locked.yaml': { ...locked, content: `${k8sHeader('locked')}data: {}\n` },
      'u1/compose.yaml': { ...locked, content: composeService() },
      'u2/compose.yaml': composeService('u2', '    environment:\n      A: ${A}\n'),
      'u2/.env': { ...locked, content: 'A=1\n' },
      'locked-dir/compose.yaml': composeService('hidden'),
      'locked-dir': { dir: true, mode: 0o000 },
      'no-search/compose.yaml': composeService('nosearch'),
      'no-search/app.ts': "fetch('http://a:1');\n",
      'no-search': { dir: true, mode: 0o644 },
      'no-list/compose.yaml': composeService('nolist'),
      'no-list': { dir: true, mode: 0o311 },
      '.gitignore': { ...locked, content: 'dist\n' },
      'pkg/package.json': { ...locked, content: '{"name":"pkg"}' },
      'u3/compose.yaml': composeService('u3', '    env_file: ./pipe.env\n'),
      'u3/pipe.env': { fifo: true },
      'u4/compose.yaml': composeService('u4', '    environment:\n      A: ${A}\n'),
      'u4/.env': { fifo: true },
      'u5/compose.yaml': 'include:\n  - other/compose.yaml\nservices:\n  u5:\n    image: nginx\n',
      'u5/other/compose.yaml/placeholder': '',
      'tsconfig.json': { ...locked, content: '{}' },
    };
    writeRepo(root, entries);
    // Without a user that permissions apply to, a chmod 000 file is readable: only "no crash" is checked for those.
    const c = (name: string, file: string, codes: string[]): HostileCase => ({
      category: PERMISSIONS.enforced ? 'unreadable files' : 'unreadable files (as root: permissions not enforced)',
      name,
      file,
      codes: PERMISSIONS.enforced || !codes.some((code) => code.startsWith('unreadable')) ? codes : undefined,
    });
    return [
      c('file-000-ts', 'src/locked.ts', ['unreadable-file']),
      c('file-000-yaml', 'k8s/locked.yaml', ['unreadable-file']),
      c('file-000-compose', 'u1/compose.yaml', ['unreadable-file']),
      c('file-000-env', 'u2/.env', ['unreadable-file']),
      c('dir-000', 'locked-dir', ['unreadable-dir']),
      c('dir-no-search', 'no-search/compose.yaml', ['unreadable-file']),
      c('dir-no-list', 'no-list', ['unreadable-dir']),
      c('gitignore-000', '.gitignore', ['unreadable-file']),
      c('package-json-000', 'pkg/package.json', ['unreadable-file']),
      c('env-file-fifo', 'u3/pipe.env', ['not-a-file']),
      c('dotenv-fifo', 'u4/.env', ['not-a-file']),
      c('include-is-a-folder', 'u5/other/compose.yaml', ['not-a-file', 'missing-file', 'unreadable-file']),
      c('tsconfig-000', 'tsconfig.json', ['unreadable-file']),
    ];
  },
};

export const manyFiles: Batch = {
  id: 'many-files',
  options: { timeoutMs: 150_000 },
  build(root) {
    const exts = ['.ts', '.js', '.yaml', '.json', '.md', '.env', '.go', '.txt', '.tsx', '.py'];
    for (let d = 0; d < 100; d++) {
      const dir = path.join(root, `pkg${String(d).padStart(3, '0')}`);
      mkdirSync(dir);
      for (let f = 0; f < 1000; f++) writeFileSync(path.join(dir, `f${String(f).padStart(4, '0')}${exts[f % exts.length]}`), '');
    }
    return [{ category: '100,000 empty files', name: '100000-empty-files' }];
  },
  check(run) {
    const files = run.report?.generatedFrom.sourceFiles ?? 0;
    return files >= 50_000 ? [] : [{ outcome: 'unreported', detail: `only ${files} source files counted` }];
  },
};
