import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Generates a synthetic service system of realistic shape for benchmarks: services with
 * routers, clients of other services, repositories with SQL, helpers and a shared library,
 * plus compose and Kubernetes manifests. Deterministic for given sizes.
 */
export interface SystemSize {
  services: number;
  files: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const TABLES = ['orders', 'order_lines', 'customers', 'addresses', 'products', 'prices', 'stock', 'reservations', 'payments', 'refunds', 'shipments', 'events'];

function write(root: string, rel: string, text: string): void {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

export function generateSystem(root: string, size: SystemSize): { files: number } {
  const random = rng(size.services * 7919 + size.files);
  const names = Array.from({ length: size.services }, (_, i) => `svc-${String(i).padStart(3, '0')}`);
  const env = (n: string): string => `${n.toUpperCase().replace(/-/g, '_')}_URL`;
  let count = 0;
  const sharedFiles = Math.max(5, Math.round(size.files * 0.02));
  for (let i = 0; i < sharedFiles; i++) {
    write(root, `libs/common/src/util-${i}.ts`, `export function format${i}(value: number): string {\n  return new Intl.NumberFormat('en').format(value * ${i + 1});\n}\n\nexport const LIMIT_${i} = ${100 + i};\n`);
    count++;
  }
  write(root, 'libs/common/package.json', JSON.stringify({ name: '@bench/common', private: true, type: 'module' }, null, 2));
  const perService = Math.max(6, Math.floor((size.files - sharedFiles) / size.services));
  const compose: string[] = ['services:'];
  for (const [index, name] of names.entries()) {
    const peers = [1, 2, 3].map((k) => names[(index + k * 7 + 1) % names.length]!).filter((p) => p !== name);
    const base = `services/${name}`;
    write(root, `${base}/package.json`, JSON.stringify({ name: `@bench/${name}`, private: true, type: 'module', dependencies: { express: '^5.1.0', axios: '^1.12.0', pg: '^8.16.0', '@bench/common': '*' } }, null, 2));
    write(root, `${base}/Dockerfile`, 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nEXPOSE 3000\nCMD ["node", "dist/index.js"]\n');
    const routers = Math.max(1, Math.floor(perService / 6));
    const clients = peers.length;
    const repos = Math.max(1, Math.floor(perService / 6));
    const helpers = Math.max(0, perService - routers - clients - repos - 2);
    for (const [k, peer] of peers.entries()) {
      write(root, `${base}/src/clients/${peer}.ts`, [
        `import axios from 'axios';`,
        ``,
        `export const ${peer.replace(/-/g, '_')}Api = axios.create({ baseURL: process.env.${env(peer)}, timeout: ${k === 0 && random() < 0.2 ? 10_000 : 1500} });`,
        ``,
        `export async function get${k}(id: string): Promise<unknown> {`,
        `  const { data } = await ${peer.replace(/-/g, '_')}Api.get(\`/items/\${id}\`);`,
        `  return data;`,
        `}`,
        ``,
      ].join('\n'));
      count++;
    }
    for (let r = 0; r < repos; r++) {
      const table = TABLES[(index + r) % TABLES.length]!;
      write(root, `${base}/src/repos/repo-${r}.ts`, [
        `import type pg from 'pg';`,
        ``,
        `export async function find${r}(pool: pg.Pool, id: string): Promise<unknown> {`,
        `  const { rows } = await pool.query('SELECT * FROM ${table} WHERE id = $1', [id]);`,
        `  return rows[0];`,
        `}`,
        ``,
        `export async function save${r}(pool: pg.Pool, id: string, body: unknown): Promise<void> {`,
        `  await pool.query('INSERT INTO ${table} (id, body) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET body = $2', [id, body]);`,
        `}`,
        ``,
      ].join('\n'));
      count++;
    }
    for (let h = 0; h < helpers; h++) {
      const lib = Math.floor(random() * sharedFiles);
      write(root, `${base}/src/lib/helper-${h}.ts`, [
        `import { format${lib} } from '@bench/common/src/util-${lib}.js';`,
        ``,
        `export function describe${h}(items: Array<{ id: string; total: number }>): string[] {`,
        `  return items.filter((item) => item.total > ${h}).map((item) => \`\${item.id}: \${format${lib}(item.total)}\`);`,
        `}`,
        ``,
        `export function sum${h}(values: number[]): number {`,
        `  let total = 0;`,
        `  for (const value of values) total += value * ${h + 1};`,
        `  return total;`,
        `}`,
        ``,
      ].join('\n'));
      count++;
    }
    for (let r = 0; r < routers; r++) {
      const peer = peers[r % peers.length]!;
      const k = r % peers.length;
      const repo = r % repos;
      write(root, `${base}/src/routes/router-${r}.ts`, [
        `import { Router } from 'express';`,
        `import type pg from 'pg';`,
        `import { get${k} } from '../clients/${peer}.js';`,
        `import { find${repo}, save${repo} } from '../repos/repo-${repo}.js';`,
        ``,
        `export function router${r}(pool: pg.Pool): Router {`,
        `  const router = Router();`,
        `  router.get('/r${r}/:id', async (req, res) => {`,
        `    const [local, remote] = await Promise.all([find${repo}(pool, req.params.id), get${k}(req.params.id)]);`,
        `    res.json({ local, remote });`,
        `  });`,
        `  router.put('/r${r}/:id', async (req, res) => {`,
        `    await save${repo}(pool, req.params.id, req.body);`,
        `    res.status(204).end();`,
        `  });`,
        `  return router;`,
        `}`,
        ``,
      ].join('\n'));
      count++;
    }
    write(root, `${base}/src/index.ts`, [
      `import express from 'express';`,
      `import pg from 'pg';`,
      ...Array.from({ length: routers }, (_, r) => `import { router${r} } from './routes/router-${r}.js';`),
      ``,
      `const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });`,
      `const app = express();`,
      `app.use(express.json());`,
      `app.get('/health', (_req, res) => res.json({ ok: true }));`,
      ...Array.from({ length: routers }, (_, r) => `app.use('/api', router${r}(pool));`),
      `app.listen(Number(process.env.PORT ?? 3000));`,
      ``,
    ].join('\n'));
    write(root, `${base}/src/index.test.ts`, `import { test } from 'node:test';\n\ntest('boots', () => {});\n`);
    count += 2;
    compose.push(`  ${name}:`, `    build: ./${base}`, `    environment:`, `      DATABASE_URL: postgres://app:\${DB_PASSWORD}@db-${index % 10}:5432/${name.replace(/-/g, '_')}`);
    for (const peer of peers) compose.push(`      ${env(peer)}: http://${peer}:3000`);
    write(root, `k8s/${name}.yaml`, [
      `apiVersion: apps/v1`, `kind: Deployment`, `metadata:`, `  name: ${name}`, `spec:`, `  replicas: 2`, `  selector:`, `    matchLabels: { app: ${name} }`, `  template:`, `    metadata:`, `      labels: { app: ${name} }`, `    spec:`, `      containers:`,
      `        - name: ${name}`, `          image: registry.example.net/${name}:1.0.0`, `          ports: [{ containerPort: 3000, name: http }]`,
      `          readinessProbe: { httpGet: { path: /health, port: http } }`, `          resources: { limits: { memory: 256Mi }, requests: { cpu: 100m, memory: 128Mi } }`, `          env:`,
      `            - name: DATABASE_URL`, `              valueFrom: { secretKeyRef: { name: ${name}-db, key: url } }`,
      ...peers.flatMap((peer) => [`            - name: ${env(peer)}`, `              value: http://${peer}`]),
      `---`, `apiVersion: v1`, `kind: Service`, `metadata:`, `  name: ${name}`, `spec:`, `  selector: { app: ${name} }`, `  ports: [{ name: http, port: 80, targetPort: http }]`, ``,
    ].join('\n'));
  }
  for (let d = 0; d < Math.min(10, names.length); d++) compose.push(`  db-${d}:`, `    image: postgres:16`, `    environment:`, `      POSTGRES_PASSWORD: \${DB_PASSWORD}`);
  write(root, 'docker-compose.yml', `${compose.join('\n')}\n`);
  write(root, '.env', 'DB_PASSWORD=bench\n');
  write(root, 'package.json', JSON.stringify({ name: 'bench-system', private: true, workspaces: ['services/*', 'libs/*'] }, null, 2));
  write(root, 'tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022' } }, null, 2));
  return { files: count };
}
