import { composeService, k8sHeader, writeRepo, type Batch, type Entry, type HostileCase } from './repo.js';

/**
 * YAML that is broken, explosive or deep, in every place archreview parses YAML: plain
 * Kubernetes files, compose files, kustomizations, Helm Chart.yaml/values.yaml and envoy
 * configs. One repository per category; each file is one case and must be named by a
 * diagnostic.
 */

/** Bodies that are not valid YAML, each after a valid Kubernetes header. */
export const INVALID_YAML: [string, string][] = [
  ['unclosed-flow-seq', 'data: [a, b'],
  ['unclosed-flow-map', 'data: {a: 1'],
  ['bad-indent', 'data:\n  a: 1\n   b: 2'],
  ['unterminated-double', 'data: "abc'],
  ['unterminated-single', "data: 'abc"],
  ['tab-indent', 'data:\n\ta: 1'],
  ['undefined-alias', 'data: *nowhere'],
  ['two-anchors', 'data: &a &b x'],
  ['seq-dedent', 'data:\n  - a\n - b'],
  ['block-scalar-dedent', 'data:\n  a: |\n    x\n   y\n  b: 1\n c: 2'],
  ['seq-then-map', 'data:\n  - a\n  b: c'],
  ['extra-bracket', 'data: [a, b]]'],
  ['extra-brace', 'data: {a: 1}}'],
  ['at-sign', 'data: @reserved'],
  ['backtick', 'data: `tick'],
  ['bad-escape', 'data: "\\q"'],
  ['flow-mismatch', 'data: {a: [}]'],
  ['nested-compact-map', 'data: key: value'],
  ['seq-in-value', 'data: - a'],
  ['text-after-quote', 'data: "a"b'],
  ['helm-braces', 'data:\n  name: {{ .Values.name }}\n  {{- if .Values.x }}\n  x: 1\n  {{- end }}'],
  ['many-open-brackets', `data: ${'['.repeat(90)}`],
  ['merge-non-map', 'data:\n  <<: 1\n  a: 2'],
  ['yaml-directive', '%YAML 9.9\n---\nx: 1'],
  ['top-level-seq-after-map', 'data: 1\n- a\n- b'],
  ['duplicate-document-marker', '--- --- ---\na: b: c'],
  ['crlf-bad-indent', 'data:\r\n  a: 1\r\n b: 2\r\n'],
  ['unterminated-flow-key', 'data: {"a'],
  ['question-key-flow', 'data: [? a : b : c]'],
  ['colon-in-flow-plain', 'data: {a: b: c}'],
  ['bad-tag', 'data: !<!> x\nmore: !!str\n  - y'],
  ['comment-without-space', 'data: a#b\n  c: d'],
  ['anchor-only-line', 'data:\n  &a\n  - x\n b'],
  ['control-char', 'data: "a\u0007b'],
  ['reserved-indicator-percent', 'data:\n%weird: 1'],
  ['long-garbage-line', `data: ${'{]'.repeat(20_000)}`],
];

/** Builds the invalid-YAML repository: 36 Kubernetes-looking files and the same kinds of errors in every other YAML reader. */
export const invalidYaml: Batch = {
  id: 'invalid-yaml',
  build(root) {
    const entries: Record<string, Entry> = {};
    const cases: HostileCase[] = [];
    INVALID_YAML.forEach(([name, body], i) => {
      const file = `k8s/${String(i).padStart(2, '0')}-${name}.yaml`;
      entries[file] = `${k8sHeader(`cm-${i}`)}${body}\n`;
      cases.push({ category: 'invalid YAML', name, file, codes: ['yaml-parse'] });
    });
    const others: [string, string, string][] = [
      ['compose-unclosed', 'c1/compose.yaml', 'services:\n  web:\n    image: [nginx\n'],
      ['compose-tabs', 'c2/docker-compose.yml', 'services:\n\tweb:\n\t\timage: nginx\n'],
      ['compose-override-broken', 'c3/compose.override.yaml', 'services:\n  web: {image: "x}\n'],
      ['kustomization-broken', 'kz/kustomization.yaml', 'resources:\n  - a.yaml\n - b.yaml\n'],
      ['chart-yaml-broken', 'chart/Chart.yaml', 'name: [chart\nversion: 1.0.0\n'],
      ['values-yaml-broken', 'chart2/values.yaml', 'image: {repository: x\n'],
      ['envoy-broken', 'envoy/envoy.yaml', 'static_resources:\n  listeners: [\n'],
    ];
    entries['c3/compose.yaml'] = composeService();
    entries['chart2/Chart.yaml'] = 'apiVersion: v2\nname: chart2\nversion: 1.0.0\n';
    entries['chart2/templates/cm.yaml'] = `${k8sHeader('{{ .Chart.Name }}')}data:\n  image: {{ .Values.image.repository | quote }}\n`;
    entries['envoy/compose.yaml'] = composeService('edge', '    volumes:\n      - ./envoy.yaml:/etc/envoy/envoy.yaml\n');
    for (const [name, file, text] of others) {
      entries[file] = text;
      cases.push({ category: 'invalid YAML', name, file, codes: ['yaml-parse'] });
    }
    writeRepo(root, entries);
    return cases;
  },
};

/** "Billion laughs": ten anchors, each a list of ten aliases of the one before. */
function laughs(indent = ''): string {
  const lines = [`${indent}lol0: &lol0 "lol"`];
  for (let i = 1; i <= 9; i++) lines.push(`${indent}lol${i}: &lol${i} [${Array(10).fill(`*lol${i - 1}`).join(', ')}]`);
  return lines.join('\n');
}

export const aliasBombs: Batch = {
  id: 'alias-bombs',
  build(root) {
    const entries: Record<string, Entry> = {};
    const cases: HostileCase[] = [];
    const add = (name: string, file: string, text: string, codes = ['yaml-alias-limit', 'yaml-too-large']): void => {
      entries[file] = text;
      cases.push({ category: 'YAML alias bombs', name, file, codes });
    };
    add('billion-laughs-k8s', 'k8s/laughs.yaml', `${k8sHeader('laughs')}data:\n${laughs('  ')}\n`);
    add('billion-laughs-compose', 'c1/compose.yaml', `x-lol:\n${laughs('  ')}\nservices:\n  web:\n    image: nginx\n    labels:\n      a: "1"\n    environment: *lol9\n`);
    add('billion-laughs-kustomization', 'kz/kustomization.yaml', `${laughs()}\nresources: *lol9\n`);
    entries['chart/Chart.yaml'] = 'apiVersion: v2\nname: chart\nversion: 1.0.0\n';
    entries['chart/templates/cm.yaml'] = `${k8sHeader('{{ .Chart.Name }}')}data:\n  x: {{ .Values.lol9 | toJson | quote }}\n`;
    add('billion-laughs-values', 'chart/values.yaml', `${laughs()}\n`);
    entries['chart3/values.yaml'] = 'a: 1\n';
    add('billion-laughs-chart-yaml', 'chart3/Chart.yaml', `apiVersion: v2\nname: chart3\nversion: 1.0.0\n${laughs()}\n`);
    // Merge keys that pull the same map in again and again.
    const merges = ['m0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8}'];
    for (let i = 1; i <= 12; i++) merges.push(`m${i}: &m${i} {<<: [${Array(8).fill(`*m${i - 1}`).join(', ')}], k${i}: [${Array(8).fill(`*m${i - 1}`).join(', ')}]}`);
    add('merge-key-bomb', 'k8s/merges.yaml', `${k8sHeader('merges')}data:\n${merges.map((l) => `  ${l}`).join('\n')}\n`);
    // Wide: one anchor of 20,000 values used 150 times (under the alias count, over the value count once expanded).
    const wide = `x-env: &env\n${Array.from({ length: 20_000 }, (_v, i) => `  V${i}: "${i}"`).join('\n')}\nservices:\n${Array.from({ length: 150 }, (_v, i) => `  s${i}:\n    image: nginx\n    environment: *env`).join('\n')}\n`;
    add('wide-anchor-compose', 'c2/compose.yaml', wide);
    // An alias inside its own anchor: endless once expanded.
    add('self-containing-alias', 'k8s/self.yaml', `${k8sHeader('self')}data: &a\n  inner: [*a, *a]\n`, ['yaml-alias-cycle', 'yaml-parse', 'yaml-alias-limit']);
    // A chain of 300 anchors, each holding the one before: deep once expanded.
    const chain = ['c0: &c0 [x]', ...Array.from({ length: 300 }, (_v, i) => `c${i + 1}: &c${i + 1} [*c${i}]`)];
    add('alias-chain-depth', 'k8s/chain.yaml', `${k8sHeader('chain')}data:\n${chain.map((l) => `  ${l}`).join('\n')}\n`, ['yaml-too-deep', 'yaml-alias-limit']);
    writeRepo(root, entries);
    return cases;
  },
};

function blockNest(levels: number, leaf = 'x: 1'): string {
  const lines: string[] = [];
  for (let i = 0; i < levels; i++) lines.push(`${' '.repeat(i)}k${i}:`);
  lines.push(`${' '.repeat(levels)}${leaf}`);
  return lines.join('\n');
}

export const deepYaml: Batch = {
  id: 'deep-nesting',
  build(root) {
    const entries: Record<string, Entry> = {};
    const cases: HostileCase[] = [];
    const add = (name: string, file: string, text: string, codes: string[] | null = ['yaml-too-deep']): void => {
      entries[file] = text;
      cases.push({ category: 'deep nesting', name, file, codes: codes ?? undefined });
    };
    add('flow-seq-100k', 'k8s/flow.yaml', `${k8sHeader('flow')}data: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    add('flow-map-50k', 'k8s/flow-map.yaml', `${k8sHeader('flowmap')}data: ${'{a: '.repeat(50_000)}1${'}'.repeat(50_000)}\n`);
    add('block-150', 'k8s/block.yaml', `${k8sHeader('block')}data:\n${blockNest(150)
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n')}\n`);
    add('block-seq-2000', 'k8s/seq.yaml', `${k8sHeader('seq')}data:\n  a:\n    ${'- '.repeat(2000)}x\n`);
    add('compose-deep-env', 'c1/compose.yaml', `services:\n  web:\n    image: nginx\n    environment: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\n`);
    add('compose-deep-block', 'c2/compose.yaml', `services:\n  web:\n    image: nginx\n    labels:\n${blockNest(300)
      .split('\n')
      .map((l) => `      ${l}`)
      .join('\n')}\n`);
    entries['chart/Chart.yaml'] = 'apiVersion: v2\nname: chart\nversion: 1.0.0\n';
    entries['chart/templates/cm.yaml'] = `${k8sHeader('{{ .Chart.Name }}')}data:\n  x: {{ .Values.k0 | toJson | quote }}\n`;
    add('values-deep', 'chart/values.yaml', `${blockNest(500)}\n`);
    add('kustomization-deep', 'kz/kustomization.yaml', `resources: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
    add('envoy-deep', 'envoy/envoy.yaml', `static_resources: ${'{l: '.repeat(3000)}1${'}'.repeat(3000)}\n`);
    entries['envoy/compose.yaml'] = composeService('edge', '    volumes:\n      - ./envoy.yaml:/etc/envoy/envoy.yaml\n');
    // JSON and source files nest too; JSON is read by JSON.parse (no limit needed), TS by the parser.
    add('package-json-deep', 'p/package.json', `{"name":"p","x":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`, null);
    add('tsconfig-deep', 'tsconfig.json', `{"compilerOptions":{"paths":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}}`, ['source-too-deep']);
    add('ts-parens-50k', 'src/parens.ts', `export const x = ${'('.repeat(50_000)}1${')'.repeat(50_000)};\n`, ['source-too-deep', 'syntax-error']);
    add('js-arrays-50k', 'src/arrays.js', `module.exports = ${'['.repeat(50_000)}${']'.repeat(50_000)};\n`, ['source-too-deep', 'syntax-error']);
    add('ts-blocks-20k', 'src/blocks.ts', `export function f() ${'{ '.repeat(20_000)}${'} '.repeat(20_000)}\n`, ['source-too-deep', 'syntax-error']);
    add('ts-binary-200k', 'src/binary.ts', `export const y = 1${' + 1'.repeat(200_000)};\n`, ['source-too-deep', 'syntax-error']);
    add('ts-calls-20k', 'src/calls.ts', `import axios from 'axios';\nexport const z = ${'f('.repeat(20_000)}axios.get('http://a')${')'.repeat(20_000)};\n`, ['source-too-deep', 'syntax-error']);
    add('nginx-deep', 'gw/nginx.conf', `http {\n${'location / {\n'.repeat(20_000)}${'}\n'.repeat(20_000)}}\n`, ['nginx-too-deep']);
    entries['gw/compose.yaml'] = composeService('gw', '    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf\n');
    // A folder tree 400 levels deep with a compose file at the bottom.
    const deepDir = Array.from({ length: 400 }, () => 'd').join('/');
    add('folders-400-deep', `${deepDir}/compose.yaml`, composeService('bottom'), null);
    writeRepo(root, entries);
    return cases;
  },
};
