import { composeService, writeRepo, type Batch, type Entry, type HostileCase } from './repo.js';

/**
 * TypeScript and JavaScript that does not parse: files cut off while being written, and
 * every kind of unterminated construct. Each must give a `syntax-error` diagnostic and
 * leave the other files' facts alone.
 */

/** A realistic service file, cut at points inside open blocks. */
export const SERVICE_SOURCE = `import express from 'express';
import axios from 'axios';

const users = axios.create({ baseURL: process.env.USERS_URL ?? 'http://users:3000', timeout: 2000 });

export const app = express();

app.get('/orders/:id', async (req, res) => {
  const order = await loadOrder(req.params.id);
  const user = await users.get(\`/users/\${order.userId}\`);
  res.json({ order, user: user.data });
});

app.post('/orders', async (req, res) => {
  for (const item of req.body.items) {
    await axios.post('http://inventory:3000/reserve', { sku: item.sku });
  }
  res.status(201).end();
});

async function loadOrder(id: string) {
  return { id, userId: 'u1' };
}

app.listen(3000);
`;

/** Offsets inside the source where a cut leaves a block, call or string open. */
function cutPoints(source: string): number[] {
  const marks = ["axios.create({ base", "app.get('/orders/:id', async (req, res) => {\n  const", 'await users.get(`/users/${order', "res.json({ order", 'for (const item of req.body.items) {', "{ sku: item", 'async function loadOrder(id: string) {', 'return { id, user', "import express from 'exp", "app.post('/orders'", 'res.status(201', 'const users = axios.create({ baseURL: process.env.USERS_URL ?? \'http://us'];
  return marks.map((m) => source.indexOf(m) + m.length);
}

export const BROKEN_SOURCES: [string, string, string][] = [
  ['unclosed-template', 'src/template.ts', 'const url = `http://users:3000/${id'],
  ['unclosed-string', 'src/string.js', "const url = 'http://users:3000/\nfetch(url);"],
  ['unclosed-regex', 'src/regex.ts', 'const r = /abc(;\nfetch("http://a:1");'],
  ['unclosed-comment', 'src/comment.ts', '/* start\nfetch("http://a:1");'],
  ['broken-jsx', 'src/view.tsx', 'export const V = () => <div><span></div>;'],
  ['import-brace-only', 'src/import.ts', 'import {'],
  ['broken-decorator', 'src/decorator.ts', "@Controller('users'\nexport class C { @Get(':id' find() {} }"],
  ['merge-conflict', 'src/conflict.ts', "<<<<<<< HEAD\nconst a = 1;\n=======\nconst a = 2;\n>>>>>>> feature\n"],
  ['shebang-then-garbage', 'src/cli.js', '#!/usr/bin/env node\nconst = require("x");'],
  ['class-unclosed', 'src/class.ts', 'export default class Service {\n  method() {\n    fetch("http://a:1");\n'],
  ['function-params-open', 'src/fn.js', 'function handler(req, res, {\n  res.send(1);\n}'],
  ['const-without-name', 'src/const.ts', 'const = 1;\nlet = ;'],
  ['enum-unclosed', 'src/enum.ts', 'export enum Color { Red, Green'],
  ['interface-broken', 'src/iface.ts', 'interface User { id: ; name: string'],
  ['generic-open', 'src/generic.ts', 'type Box<T = Array<string> = T;'],
  ['arrow-twice', 'src/arrow.js', 'const f = x => => y;'],
  ['json-broken', 'src/data.js', '{"a": 1, "b": [}'],
  ['html-in-js', 'src/page.js', '<!doctype html>\n<html><body><script>alert(1)</script></body></html>\n'],
  ['python-in-ts', 'src/py.ts', 'def main():\n    print("hi")\n\nif __name__ == "__main__":\n    main()\n'],
  ['random-printable', 'src/noise.ts', Array.from({ length: 2000 }, (_v, i) => '{}[]()<>;:,.=+-*/%!?&|^~`\'"#@$\\'[(i * 7919) % 33]).join('')],
  ['jsx-attribute-open', 'src/link.tsx', 'export const L = () => <a href="x>link</a>;'],
  ['nul-escape-and-open', 'src/escape.ts', "const s = '\\0\\x\\u{110000}';\nfetch("],
];

export const syntaxErrors: Batch = {
  id: 'ts-syntax-errors',
  build(root) {
    const entries: Record<string, Entry> = {
      'compose.yaml': composeService('orders', '    build: .\n    environment:\n      USERS_URL: http://users:3000\n  users:\n    image: users:1\n  inventory:\n    image: inventory:1\n'),
      'package.json': '{"name":"orders","dependencies":{"express":"4","axios":"1"}}',
      'src/ok.ts': SERVICE_SOURCE,
    };
    const cases: HostileCase[] = [];
    cutPoints(SERVICE_SOURCE).forEach((at, i) => {
      const file = `src/half-${String(i).padStart(2, '0')}.ts`;
      entries[file] = SERVICE_SOURCE.slice(0, at);
      cases.push({ category: 'TS/JS syntax errors', name: `half-written-${i}`, file, codes: ['syntax-error'] });
    });
    for (const [name, file, text] of BROKEN_SOURCES) {
      entries[file] = text;
      cases.push({ category: 'TS/JS syntax errors', name, file, codes: ['syntax-error'] });
    }
    writeRepo(root, entries);
    return cases;
  },
};

/**
 * Code that makes the linking stage's work or data explode: a parameter doubled at every
 * call down a chain (the text grows 8^14 times), a diamond of calls that multiplies the
 * paths, recursion, and a chain of 5,000 functions.
 */
export const amplification: Batch = {
  id: 'code-amplification',
  build(root) {
    const seed = `'${'x'.repeat(3000)}'`;
    const doubling = Array.from({ length: 14 }, (_v, i) => `function f${i}(a: string) { return f${i + 1}(${Array(8).fill('a').join(' + ')}); }`);
    const diamond = Array.from({ length: 30 }, (_v, i) => `function g${i}(a: string, b: string) { g${i + 1}(a + b, b + a); g${i + 1}(b + a, a + '${i}'); }`);
    const chain = Array.from({ length: 5000 }, (_v, i) => `function h${i}(u: string) { return h${i + 1}(u + '/${i}'); }`);
    const entries: Record<string, Entry> = {
      'compose.yaml': composeService('svc', '    build: ./svc\n  other:\n    image: other:1\n'),
      'svc/package.json': '{"name":"svc","dependencies":{"express":"4","axios":"1"}}',
      'svc/Dockerfile': 'FROM node:20\n',
      'svc/src/diamond.ts': `import axios from 'axios';\n${diamond.join('\n')}\nfunction g30(a: string, b: string) { axios.post('http://other:80/' + a + b); }\nexport const start = () => g0('p', 'q');\n`,
      'svc/src/chain.ts': `import axios from 'axios';\n${chain.join('\n')}\nfunction h5000(u: string) { return axios.get('http://other:80' + u); }\nexport const start = () => h0('');\n`,
      'svc/src/recursion.ts': "import axios from 'axios';\nexport function ping(n: string): unknown { return pong(n + n); }\nexport function pong(n: string): unknown { axios.get('http://other:80/' + n); return ping(n + n); }\n",
      // The doubling chain sits in the file of the endpoints that reach it.
      'svc/src/index.ts': `import express from 'express';\nimport axios from 'axios';\nimport { start as diamond } from './diamond.js';\nimport { start as chain } from './chain.js';\nimport { ping } from './recursion.js';\nconst app = express();\nconst seed = ${seed};\n${doubling.join('\n')}\nfunction f14(a: string) { return axios.get('http://other:80/' + a); }\napp.get('/double', (_q, r) => { f0(seed); r.end(); });\n${Array.from({ length: 40 }, (_v, i) => `app.get('/e${i}', (_q, r) => { diamond(); chain(); ping('${i}'); r.end(); });`).join('\n')}\napp.listen(3000);\n`,
    };
    writeRepo(root, entries);
    return ['parameter doubled down a 14-call chain', 'diamond of 30 levels', 'chain of 5,000 functions', 'mutual recursion', '40 endpoints reaching all of them'].map((name) => ({ category: 'code amplification', name }));
  },
};
