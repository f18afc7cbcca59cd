import path from 'node:path';
import { canaryLeaks, writeOutside } from './generate-files.js';
import { composeService, k8sHeader, writeRepo, type Batch, type Entry, type HostileCase } from './repo.js';

/**
 * Manifests that try to make archreview loop, grow without end, or read outside the
 * analyzed folder: compose/.env interpolation bombs and cycles, Kubernetes $(VAR) bombs,
 * extends/include cycles, ../ and absolute paths in every reader that follows a path,
 * Helm templates that recurse or loop, nginx/envoy configs that include themselves.
 */

const EXPANSION = ['expansion-limit'];

export const interpolation: Batch = {
  id: 'compose-interpolation',
  build(root) {
    const entries: Record<string, Entry> = {};
    const cases: HostileCase[] = [];
    const add = (name: string, file: string, codes: string[] | null): void => {
      cases.push({ category: 'compose interpolation loops', name, file, codes: codes ?? undefined });
    };
    // .env values that double each other: 2^40 characters if nothing stops them.
    entries['c1/.env'] = ['A=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', ...Array.from({ length: 40 }, (_v, i) => `V${i + 1}=\${${i ? `V${i}` : 'A'}}\${${i ? `V${i}` : 'A'}}`)].join('\n');
    entries['c1/compose.yaml'] = composeService('c1', '    environment:\n      X: ${V40}\n');
    add('env-doubling', 'c1/.env', EXPANSION);
    // A 1 MB value used in every field of a compose file.
    entries['c2/.env'] = `BIG=${'y'.repeat(1024 * 1024)}\n`;
    entries['c2/compose.yaml'] = `services:\n${Array.from({ length: 10 }, (_v, s) => `  s${s}:\n    image: nginx\n    environment:\n${Array.from({ length: 10 }, (_w, e) => `      E${e}: \${BIG}\${BIG}`).join('\n')}`).join('\n')}\n`;
    add('value-in-every-field', 'c2/compose.yaml', EXPANSION);
    // Each variable one character longer than the one before: quadratic growth.
    entries['c3/.env'] = ['V0=x', ...Array.from({ length: 60_000 }, (_v, i) => `V${i + 1}=\${V${i}}x`)].join('\n');
    entries['c3/compose.yaml'] = composeService('c3');
    add('env-quadratic-chain', 'c3/.env', EXPANSION);
    // Defaults nested 2,000 deep, references to themselves and to each other, broken syntax.
    entries['c4/compose.yaml'] = composeService('c4', `    environment:\n      D: "${'${A:-'.repeat(2000)}x${'}'.repeat(2000)}"\n      U: "\${UNCLOSED"\n      E: "\${}\${:-x}$$$$\${A:?must be set}"\n`);
    add('nested-defaults-2000', 'c4/compose.yaml', ['unresolved-variable']);
    entries['c5/.env'] = 'A=${A}\nB=${C}\nC=${B}\nD=${D:-${D:-${D}}}\n';
    entries['c5/compose.yaml'] = composeService('c5', '    environment:\n      A: ${A}\n      B: ${B}\n      D: ${D}\n');
    add('self-and-mutual-references', 'c5/.env', null);
    entries['c6/.env'] = `A=${'z'.repeat(200)}\n`;
    entries['c6/compose.yaml'] = composeService('c6', `    environment:\n      H: "\${UNSET:-${'w'.repeat(1024 * 1024)}}"\n`);
    add('megabyte-default', 'c6/compose.yaml', null);
    // extends and include cycles.
    entries['c7/compose.yaml'] = 'services:\n  a:\n    extends: b\n    image: nginx\n  b:\n    extends: a\n  self:\n    extends: self\n';
    add('extends-cycle', 'c7/compose.yaml', ['compose-extends-cycle']);
    entries['c8/compose.yaml'] = 'include:\n  - other/compose.yaml\n  - compose.yaml\nservices:\n  a:\n    image: nginx\n';
    entries['c8/other/compose.yaml'] = 'include:\n  - ../compose.yaml\nservices:\n  b:\n    image: nginx\n';
    add('include-cycle', 'c8/compose.yaml', null);
    entries['c9/compose.yaml'] = 'services:\n  a:\n    extends:\n      file: compose.yaml\n      service: a\n    image: nginx\n';
    add('extends-own-file', 'c9/compose.yaml', ['compose-extends-cycle']);
    // Kubernetes $(VAR): each variable twice the one before.
    const env = ['- name: A\n  value: xxxxxxxxxxxxxxxx', ...Array.from({ length: 40 }, (_v, i) => `- name: V${i + 1}\n  value: "$(${i ? `V${i}` : 'A'})$(${i ? `V${i}` : 'A'})"`)];
    entries['k8s/env-bomb.yaml'] = `${k8sHeader('bomb', 'Pod')}spec:\n  containers:\n    - name: bomb\n      image: busybox\n      env:\n${env.map((e) => e.replace(/^/gm, '        ')).join('\n')}\n`;
    add('k8s-dependent-var-doubling', 'k8s/env-bomb.yaml', EXPANSION);
    // Dockerfile ARG used in many FROM lines.
    entries['d/Dockerfile'] = `ARG A=${'a'.repeat(512 * 1024)}\n${Array.from({ length: 30 }, () => 'FROM ${A}${A}').join('\n')}\n`;
    add('dockerfile-arg-bomb', 'd/Dockerfile', EXPANSION);
    // kustomize configMapGenerator env file that doubles.
    entries['kz/kustomization.yaml'] = 'configMapGenerator:\n  - name: cfg\n    envs:\n      - bomb.env\nresources:\n  - deploy.yaml\n';
    entries['kz/bomb.env'] = entries['c1/.env']!;
    entries['kz/deploy.yaml'] = `${k8sHeader('kz', 'Deployment')}spec:\n  template:\n    spec:\n      containers:\n        - name: kz\n          image: kz:1\n          envFrom:\n            - configMapRef:\n                name: cfg\n`;
    add('kustomize-env-doubling', 'kz/bomb.env', EXPANSION);
    writeRepo(root, entries);
    return cases;
  },
};

/** Every place a manifest names another file, pointed outside the analyzed folder. */
export const pathTraversal: Batch = {
  id: 'path-traversal',
  build(root, outside) {
    writeOutside(outside);
    const out = (from: string, name: string): string => path.relative(path.join(root, path.dirname(from)), path.join(outside, name));
    const entries: Record<string, Entry> = {};
    const cases: HostileCase[] = [];
    const OUT = ['path-outside-root', 'missing-file', 'compose-extends-missing', 'nginx-include-missing', 'kustomize-remote'];
    const add = (name: string, file: string, text: string, codes: string[] | null = OUT): void => {
      entries[file] = text;
      cases.push({ category: 'path traversal', name, file, codes: codes ?? undefined });
    };
    add('env-file-relative', 'p1/compose.yaml', composeService('p1', `    env_file: ${out('p1/compose.yaml', 'secret.env')}\n`));
    add('env-file-absolute', 'p2/compose.yaml', composeService('p2', `    env_file: ${path.join(outside, 'secret.env')}\n`));
    add('env-file-etc', 'p3/compose.yaml', composeService('p3', '    env_file:\n      - /etc/passwd\n      - ../../../../../../etc/shadow\n'));
    add('include-relative', 'p4/compose.yaml', `include:\n  - ${out('p4/compose.yaml', 'compose.yaml')}\n${composeService('p4')}`);
    add('extends-file', 'p5/compose.yaml', `services:\n  p5:\n    extends:\n      file: ${out('p5/compose.yaml', 'compose.yaml')}\n      service: stolen\n`);
    add('build-context', 'p6/compose.yaml', 'services:\n  p6:\n    build:\n      context: ../../../..\n      dockerfile: ../../etc/passwd\n');
    add('volume-bind', 'p7/compose.yaml', composeService('p7', `    volumes:\n      - ${out('p7/compose.yaml', 'dir')}:/data\n      - /etc:/host-etc\n`), null);
    add('kustomize-resource-relative', 'k1/kustomization.yaml', `resources:\n  - ${out('k1/kustomization.yaml', '')}\n  - ${out('k1/kustomization.yaml', 'deploy.yaml')}\n`);
    add('kustomize-resource-absolute', 'k2/kustomization.yaml', `resources:\n  - ${outside}\n  - /etc/passwd\n`);
    add('kustomize-patch', 'k3/kustomization.yaml', `resources:\n  - d.yaml\npatches:\n  - path: ${out('k3/kustomization.yaml', 'deploy.yaml')}\npatchesStrategicMerge:\n  - /etc/passwd\n`);
    entries['k3/d.yaml'] = `${k8sHeader('k3', 'Deployment')}spec:\n  template:\n    spec:\n      containers:\n        - name: k3\n          image: k3:1\n`;
    add('kustomize-generator-files', 'k4/kustomization.yaml', `configMapGenerator:\n  - name: g\n    files:\n      - ${out('k4/kustomization.yaml', 'secret.yaml')}\n      - key=/etc/passwd\n    envs:\n      - ${out('k4/kustomization.yaml', 'secret.env')}\n`);
    add('kustomize-components', 'k5/kustomization.yaml', `components:\n  - ../../../../../../../../tmp\nbases:\n  - ${outside}/dir\n`);
    add('nginx-include-relative', 'n1/nginx.conf', `http { include ${out('n1/nginx.conf', 'nginx.conf')}; include ../../../../../../etc/nginx/*.conf; }\n`, null);
    entries['n1/compose.yaml'] = composeService('n1', '    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf\n');
    add('nginx-include-absolute', 'n2/nginx.conf', `http { include ${path.join(outside, 'nginx.conf')}; include /etc/nginx/../../${outside}/nginx.conf; include /etc/nginx/conf.d/../../../../etc/passwd; }\n`, null);
    entries['n2/compose.yaml'] = composeService('n2', '    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf\n');
    add('helm-files-get', 'h/templates/cm.yaml', `${k8sHeader('h')}data:\n  s: {{ .Files.Get "${out('h/templates/cm.yaml', 'secret.yaml')}" | quote }}\n  t: {{ .Files.Get "/etc/passwd" | quote }}\n`, ['helm-unrendered']);
    entries['h/Chart.yaml'] = 'apiVersion: v2\nname: h\nversion: 1.0.0\n';
    add('tsconfig-extends-paths', 'tsconfig.json', JSON.stringify({ extends: out('tsconfig.json', 'tsconfig.json'), compilerOptions: { baseUrl: out('tsconfig.json', ''), paths: { '@x/*': [`${out('tsconfig.json', '')}/*`] } } }), null);
    add('workspaces-outside', 'package.json', JSON.stringify({ name: 'root', workspaces: [`${out('package.json', '')}/*`, '../*', '/etc/*'] }), null);
    add('import-outside', 'src/app.ts', `import x from '${out('src/app.ts', 'evil')}';\nimport y from '@x/evil';\nimport z from '/etc/passwd';\nexport default [x, y, z];\n`, null);
    add('codeowners-traversal', '.github/CODEOWNERS', '../../* @attacker\n/etc/ @attacker\n', null);
    writeRepo(root, entries);
    return cases;
  },
  check(run) {
    return canaryLeaks(run);
  },
};

export const helmTemplates: Batch = {
  id: 'helm-templates',
  build(root) {
    const entries: Record<string, Entry> = {
      'chart/Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 1.0.0\n',
      'chart/values.yaml': 'items: [1, 2, 3]\nn: 100000000\nname: web\nbig: 999999999\n',
      'chart/templates/_helpers.tpl': '{{- define "loop" -}}{{ include "loop" . }}{{- end -}}\n{{- define "a" -}}{{ include "b" . }}{{- end -}}\n{{- define "b" -}}{{ include "a" . }}{{- end -}}\n',
    };
    const cases: HostileCase[] = [];
    const add = (name: string, body: string, codes: string[] | null = ['helm-unrendered']): void => {
      const file = `chart/templates/${name}.yaml`;
      entries[file] = `${k8sHeader(`{{ .Chart.Name }}-${name}`)}data:\n${body}\n`;
      cases.push({ category: 'Helm templates', name, file, codes: codes ?? undefined });
    };
    add('include-self', '  x: {{ include "loop" . | quote }}');
    add('include-mutual', '  x: {{ include "a" . | quote }}');
    add('range-huge-number', '{{- range $i := until 100000000 }}\n  k{{ $i }}: "v"\n{{- end }}');
    add('range-number-value', '{{- range $i, $e := .Values.n }}\n  k{{ $i }}: "v"\n{{- end }}');
    add('nested-ranges', '{{- range .Values.items }}{{- range $.Values.items }}{{- range $.Values.items }}{{- range $.Values.items }}{{- range $.Values.items }}{{- range $.Values.items }}{{- range $.Values.items }}{{- range $.Values.items }}{{- range $.Values.items }}\n  k: v\n{{- end }}{{- end }}{{- end }}{{- end }}{{- end }}{{- end }}{{- end }}{{- end }}{{- end }}');
    add('indent-huge', '  x: {{ "a" | indent 999999999 | quote }}\n  y: {{ "b" | nindent .Values.big }}', null);
    add('repeat-huge', '  x: {{ repeat 999999999 "ab" | quote }}\n  y: {{ "x" | repeat .Values.big }}');
    add('printf-many', `  x: {{ printf "${'%s'.repeat(5000)}" ${'"a" '.repeat(5000)}| quote }}`, null);
    add('deep-if', `${'{{ if .Values.name }}'.repeat(5000)}\n  k: v\n${'{{ end }}'.repeat(5000)}`);
    add('unclosed-actions', `  x: ${'{{ '.repeat(10_000)}`);
    add('many-actions', Array.from({ length: 20_000 }, (_v, i) => `  k${i}: {{ .Values.name | upper | lower | quote }}`).join('\n'), null);
    add('exec-like-functions', '  a: {{ exec "touch" "/tmp/archreview-pwned" }}\n  b: {{ lookup "v1" "Secret" "default" "x" }}\n  c: {{ .Capabilities.KubeVersion }}\n  d: {{ tpl .Values.name . }}\n  e: {{ env "HOME" }}\n  f: {{ getHostByName "evil.example" }}');
    add('regex-redos', `  a: {{ regexMatch "^(a+)+$" "${'a'.repeat(40)}!" }}\n  b: {{ regexReplaceAll "(x+x+)+y" "${'x'.repeat(40)}" "z" }}`);
    writeRepo(root, entries);
    return cases;
  },
};

export const proxyConfigs: Batch = {
  id: 'proxy-configs',
  build(root) {
    const entries: Record<string, Entry> = {
      'gw/compose.yaml': composeService('gw', '    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf\n      - ./conf.d:/etc/nginx/conf.d\n'),
      'envoy/compose.yaml': composeService('edge', '    image: envoyproxy/envoy:v1.30\n    volumes:\n      - ./envoy.yaml:/etc/envoy/envoy.yaml\n'),
    };
    const cases: HostileCase[] = [];
    const add = (name: string, file: string, text: string, codes: string[] | null): void => {
      entries[file] = text;
      cases.push({ category: 'proxy configs', name, file, codes: codes ?? undefined });
    };
    add('include-self', 'gw/nginx.conf', 'http {\n  include nginx.conf;\n  include /etc/nginx/conf.d/*.conf;\n  server { location / { proxy_pass http://app:3000; } }\n}\n', ['nginx-include-loop']);
    add('include-mutual-a', 'gw/conf.d/a.conf', 'include /etc/nginx/conf.d/b.conf;\nlocation /a { proxy_pass http://a:1; }\n', ['nginx-include-loop']);
    add('include-mutual-b', 'gw/conf.d/b.conf', 'include /etc/nginx/conf.d/a.conf;\nlocation /b { proxy_pass http://b:1; }\n', ['nginx-include-loop']);
    add('include-fanout', 'gw/conf.d/fan.conf', `${Array.from({ length: 200 }, () => 'include /etc/nginx/conf.d/leaf*.conf;').join('\n')}\n`, null);
    for (let i = 0; i < 50; i++) entries[`gw/conf.d/leaf${i}.conf`] = `${Array.from({ length: 20 }, (_v, j) => `location /l${i}-${j} { proxy_pass http://leaf${i}:80; }`).join('\n')}\n`;
    add('unterminated-quote', 'gw/conf.d/quote.conf', 'location "/open { proxy_pass http://x:1; }\n', null);
    add('unbalanced-braces', 'gw/conf.d/braces.conf', `${'}'.repeat(1000)}${'{'.repeat(1000)}\n`, null);
    add('huge-token', 'gw/conf.d/token.conf', `location /${'a'.repeat(2 * 1024 * 1024)} { proxy_pass http://t:1; }\n`, null);
    add('glob-redos', 'gw/conf.d/glob.conf', `include /etc/nginx/${'**/*'.repeat(30)}.conf;\ninclude /etc/nginx/conf.d/${'[a-z]'.repeat(200)}*.conf;\n`, null);
    add('variables-loop', 'gw/conf.d/vars.conf', 'set $a $b;\nset $b $a;\nlocation / { proxy_pass http://$a$b$a$b; }\n', null);
    add('envoy-wrong-types', 'envoy/envoy.yaml', 'static_resources:\n  listeners: 5\n  clusters:\n    - name: {toString: 1}\n      load_assignment: [1, 2]\n    - "just a string"\n    - name: c\n      load_assignment:\n        endpoints:\n          - lb_endpoints: {a: 1}\n', null);
    writeRepo(root, entries);
    return cases;
  },
};

/** Environment values of a megabyte shaped to make address parsing backtrack: URLs, host lists, connection strings. */
export const longValues: Batch = {
  id: 'long-values',
  build(root) {
    const values: Record<string, string> = {
      A_URL: `http://${'a'.repeat(1_000_000)}`,
      B_URL: 'a:'.repeat(300_000),
      C_HOST: 'a.'.repeat(400_000),
      D_URL: `postgres://${'u:p@'.repeat(200_000)}db/x`,
      E_ADDR: Array.from({ length: 80_000 }, (_v, i) => `h${i}:1`).join(','),
      F_URL: `jdbc:${'mysql:'.repeat(100_000)}//h/db`,
      G_CONNECTION: `Server=${Array(100_000).fill('x').join(';Server=')}`,
      H_URL: `http://h/${'%'.repeat(500_000)}`,
      I_URL: `http://${'['.repeat(300_000)}`,
      J_URL: `${' '.repeat(500_000)}http://x`,
      K_URL: `http://${'-'.repeat(500_000)}.com`,
      L_URL: `amqp://${'a'.repeat(200_000)}@${'b'.repeat(200_000)}`,
      M_URL: `http://${'a.'.repeat(200_000)}:${'9'.repeat(200_000)}`,
      N_HOSTS: 'h:1 '.repeat(200_000),
    };
    const entries: Record<string, Entry> = {};
    const cases: HostileCase[] = [];
    for (const [name, value] of Object.entries(values)) {
      const file = `${name.toLowerCase()}/compose.yaml`;
      entries[file] = `services:\n  ${name.toLowerCase().replace(/_/g, '-')}:\n    image: nginx\n    environment:\n      ${name}: ${JSON.stringify(value)}\n`;
      cases.push({ category: 'pathological values', name, file });
    }
    writeRepo(root, entries);
    return cases;
  },
};

