import { composeService, k8sHeader, writeRepo, type Batch, type Entry, type HostileCase } from './repo.js';

/**
 * Every limit of `limits` in archreview.yaml set low, and a file that goes over each: the
 * diagnostic must name the file and the limit, and the run goes on.
 */
export const LOW_LIMITS = {
  maxFiles: 60,
  maxFileBytes: 4000,
  maxSourceBytes: 20000,
  maxNestingDepth: 5,
  maxYamlNodes: 200,
  maxYamlAliases: 3,
  maxExpansionBytes: 64,
  perFileMs: 1,
  maxTemplateOutputBytes: 300,
  maxTemplateIterations: 3,
};

export const configuredLimits: Batch = {
  id: 'limits',
  build(root) {
    const entries: Record<string, Entry> = {
      'archreview.yaml': `limits:\n${Object.entries(LOW_LIMITS).map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n`,
    };
    const cases: HostileCase[] = [];
    const add = (limit: keyof typeof LOW_LIMITS, file: string, text: string, codes: string[]): void => {
      entries[file] = text;
      cases.push({ category: 'configured limits', name: limit, file, codes, mentions: `limits.${limit}` });
    };
    add('maxFileBytes', 'a1/compose.yaml', composeService('a1', `    labels:\n      pad: "${'p'.repeat(5000)}"\n`), ['file-too-large']);
    add('maxSourceBytes', 'a2/big.ts', `export const pad = "${'p'.repeat(25_000)}";\n`, ['file-too-large']);
    add('maxNestingDepth', 'a3/deep.yaml', `${k8sHeader('deep')}data:\n  a:\n    b:\n      c:\n        d:\n          e:\n            f: 1\n`, ['yaml-too-deep']);
    add('maxYamlNodes', 'a4/many.yaml', `${k8sHeader('many')}data:\n${Array.from({ length: 300 }, (_v, i) => `  k${i}: "v"`).join('\n')}\n`, ['yaml-too-large']);
    add('maxYamlAliases', 'a5/aliases.yaml', `${k8sHeader('aliases')}data:\n  base: &b {x: [1, 2]}\n  a: [*b, *b, *b, *b, *b]\n`, ['yaml-alias-limit']);
    entries['a6/compose.yaml'] = composeService('a6', '    environment:\n      X: ${D}\n');
    add('maxExpansionBytes', 'a6/.env', 'A=0123456789\nB=${A}${A}\nC=${B}${B}\nD=${C}${C}\n', ['expansion-limit']);
    add('perFileMs', 'a7/slow.ts', `import axios from 'axios';\n${Array.from({ length: 400 }, (_v, i) => `axios.get(\`http://s${i}:1/\${process.env.X}\`);`).join('\n')}\n`, ['time-limit']);
    entries['a8/Chart.yaml'] = 'apiVersion: v2\nname: a8\nversion: 1.0.0\n';
    entries['a8/values.yaml'] = 'items: [1, 2, 3, 4, 5, 6]\n';
    add('maxTemplateIterations', 'a8/templates/loop.yaml', `${k8sHeader('loop')}data:\n{{- range .Values.items }}\n  k{{ . }}: "v"\n{{- end }}\n`, ['helm-unrendered']);
    add('maxTemplateOutputBytes', 'a8/templates/big.yaml', `${k8sHeader('big')}data:\n${Array.from({ length: 40 }, (_v, i) => `  k${i}: "{{ .Chart.Name }}-value"`).join('\n')}\n`, ['helm-unrendered']);
    for (let i = 0; i < 80; i++) entries[`z-many/f${String(i).padStart(3, '0')}.txt`] = '';
    cases.push({ category: 'configured limits', name: 'maxFiles', codes: ['too-many-files'], mentions: 'limits.maxFiles' });
    writeRepo(root, entries);
    return cases;
  },
};
