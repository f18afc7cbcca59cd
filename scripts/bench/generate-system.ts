import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Generates a synthetic service system of realistic shape for benchmarks: services with
 * routers, clients of other services, repositories with SQL, helpers and a shared library,
 * plus compose and Kubernetes manifests. Files have the size of real ones (domain modules of
 * 100–160 lines, routers with several handlers, repositories with several queries), about
 * 85 lines and 3 KB on average. Deterministic for given sizes.
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

/** A shared utility module of about 60 lines: formatting, parsing and a small cache. */
function sharedModule(i: number): string {
  return [
    `const formatter${i} = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });`,
    ``,
    `export const LIMIT_${i} = ${100 + i};`,
    ``,
    `/** Formats an amount in minor units as a decimal string. */`,
    `export function format${i}(value: number): string {`,
    `  if (!Number.isFinite(value)) return 'n/a';`,
    `  return formatter${i}.format((value * ${i + 1}) / 100);`,
    `}`,
    ``,
    `export function parse${i}(text: string): number | null {`,
    `  const cleaned = text.replace(/[^0-9.-]/g, '');`,
    `  if (!cleaned) return null;`,
    `  const value = Number.parseFloat(cleaned);`,
    `  return Number.isNaN(value) ? null : Math.round(value * 100);`,
    `}`,
    ``,
    `export class TtlCache${i}<V> {`,
    `  private readonly entries = new Map<string, { value: V; expires: number }>();`,
    `  constructor(private readonly ttlMs: number = ${1000 * (i + 1)}) {}`,
    ``,
    `  get(key: string, now = Date.now()): V | undefined {`,
    `    const entry = this.entries.get(key);`,
    `    if (!entry) return undefined;`,
    `    if (entry.expires < now) {`,
    `      this.entries.delete(key);`,
    `      return undefined;`,
    `    }`,
    `    return entry.value;`,
    `  }`,
    ``,
    `  set(key: string, value: V, now = Date.now()): void {`,
    `    if (this.entries.size >= LIMIT_${i}) {`,
    `      const oldest = this.entries.keys().next().value;`,
    `      if (oldest !== undefined) this.entries.delete(oldest);`,
    `    }`,
    `    this.entries.set(key, { value, expires: now + this.ttlMs });`,
    `  }`,
    ``,
    `  clear(): void {`,
    `    this.entries.clear();`,
    `  }`,
    `}`,
    ``,
    `export function chunk${i}<T>(items: readonly T[], size = ${5 + (i % 10)}): T[][] {`,
    `  const out: T[][] = [];`,
    `  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));`,
    `  return out;`,
    `}`,
    ``,
  ].join('\n');
}

/**
 * A domain module of about 100–160 lines, the bulk of a real service: types, validation, an
 * error class, a class with `methods` methods, and pure helpers using the shared library.
 */
function domainModule(h: number, lib: number, methods: number): string {
  const lines = [
    `import { format${lib}, parse${lib} } from '@bench/common/src/util-${lib}.js';`,
    ``,
    `export interface Item${h} {`,
    `  id: string;`,
    `  sku: string;`,
    `  quantity: number;`,
    `  price: number;`,
    `  tags: string[];`,
    `  createdAt: Date;`,
    `}`,
    ``,
    `export class ValidationError${h} extends Error {`,
    `  constructor(`,
    `    readonly field: string,`,
    `    message: string,`,
    `  ) {`,
    `    super(message);`,
    `    this.name = 'ValidationError${h}';`,
    `  }`,
    `}`,
    ``,
    `/** Checks an untrusted request body and returns a typed item. */`,
    `export function validate${h}(input: unknown): Item${h} {`,
    `  if (typeof input !== 'object' || input === null) throw new ValidationError${h}('body', 'expected an object');`,
    `  const value = input as Record<string, unknown>;`,
    `  if (typeof value.id !== 'string' || !value.id) throw new ValidationError${h}('id', 'id is required');`,
    `  if (typeof value.sku !== 'string' || !/^[A-Z0-9-]{3,32}$/.test(value.sku)) throw new ValidationError${h}('sku', 'sku is malformed');`,
    `  const quantity = Number(value.quantity);`,
    `  if (!Number.isInteger(quantity) || quantity < 1 || quantity > ${1000 + h}) throw new ValidationError${h}('quantity', 'quantity out of range');`,
    `  const price = typeof value.price === 'string' ? parse${lib}(value.price) : Number(value.price);`,
    `  if (price === null || !Number.isFinite(price) || price < 0) throw new ValidationError${h}('price', 'price is not a number');`,
    `  const tags = Array.isArray(value.tags) ? value.tags.filter((t): t is string => typeof t === 'string').slice(0, 16) : [];`,
    `  return { id: value.id, sku: value.sku, quantity, price, tags, createdAt: new Date() };`,
    `}`,
    ``,
    `export class Ledger${h} {`,
    `  private readonly entries = new Map<string, Item${h}[]>();`,
    ``,
    `  add(owner: string, item: Item${h}): void {`,
    `    const list = this.entries.get(owner) ?? [];`,
    `    list.push(item);`,
    `    this.entries.set(owner, list);`,
    `  }`,
    ``,
    `  total(owner: string): number {`,
    `    return (this.entries.get(owner) ?? []).reduce((sum, item) => sum + item.price * item.quantity, 0);`,
    `  }`,
    ``,
    `  describe(owner: string): string[] {`,
    `    return (this.entries.get(owner) ?? []).map((item) => \`\${item.sku} × \${item.quantity}: \${format${lib}(item.price * item.quantity)}\`);`,
    `  }`,
    ``,
    `  top(n = ${3 + (h % 5)}): Array<[string, number]> {`,
    `    return [...this.entries.keys()]`,
    `      .map((owner): [string, number] => [owner, this.total(owner)])`,
    `      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))`,
    `      .slice(0, n);`,
    `  }`,
  ];
  for (let m = 0; m < methods; m++) {
    lines.push(
      ``,
      `  /** Items of an owner with tag t${m}, discounted by ${m + 1}0%. */`,
      `  discounted${m}(owner: string, tag = 't${m}'): Item${h}[] {`,
      `    const out: Item${h}[] = [];`,
      `    for (const item of this.entries.get(owner) ?? []) {`,
      `      if (!item.tags.includes(tag)) continue;`,
      `      const price = Math.round(item.price * ${(1 - (m + 1) / 10).toFixed(1)});`,
      `      out.push({ ...item, price });`,
      `    }`,
      `    return out.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());`,
      `  }`,
    );
  }
  lines.push(
    `}`,
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
    `export function groupBy${h}<T, K extends string>(items: readonly T[], key: (item: T) => K): Record<K, T[]> {`,
    `  const out = {} as Record<K, T[]>;`,
    `  for (const item of items) {`,
    `    const k = key(item);`,
    `    (out[k] ??= []).push(item);`,
    `  }`,
    `  return out;`,
    `}`,
    ``,
  );
  return lines.join('\n');
}

export function generateSystem(root: string, size: SystemSize): { files: number } {
  const random = rng(size.services * 7919 + size.files);
  const names = Array.from({ length: size.services }, (_, i) => `svc-${String(i).padStart(3, '0')}`);
  const env = (n: string): string => `${n.toUpperCase().replace(/-/g, '_')}_URL`;
  let count = 0;
  const sharedFiles = Math.max(5, Math.round(size.files * 0.02));
  for (let i = 0; i < sharedFiles; i++) {
    write(root, `libs/common/src/util-${i}.ts`, sharedModule(i));
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
        `export interface Page${r} {`,
        `  rows: unknown[];`,
        `  next: string | null;`,
        `}`,
        ``,
        `/** One page of rows after a cursor, newest first. */`,
        `export async function list${r}(pool: pg.Pool, after: string | null, limit = 50): Promise<Page${r}> {`,
        `  const size = Math.min(Math.max(limit, 1), 200);`,
        `  const { rows } = after`,
        `    ? await pool.query('SELECT id, body, updated_at FROM ${table} WHERE id < $1 ORDER BY id DESC LIMIT $2', [after, size + 1])`,
        `    : await pool.query('SELECT id, body, updated_at FROM ${table} ORDER BY id DESC LIMIT $1', [size + 1]);`,
        `  const more = rows.length > size;`,
        `  const page = more ? rows.slice(0, size) : rows;`,
        `  return { rows: page, next: more ? String(page[page.length - 1].id) : null };`,
        `}`,
        ``,
        `export async function remove${r}(pool: pg.Pool, id: string): Promise<boolean> {`,
        `  const result = await pool.query('DELETE FROM ${table} WHERE id = $1', [id]);`,
        `  return (result.rowCount ?? 0) > 0;`,
        `}`,
        ``,
      ].join('\n'));
      count++;
    }
    for (let h = 0; h < helpers; h++) {
      const lib = Math.floor(random() * sharedFiles);
      write(root, `${base}/src/lib/helper-${h}.ts`, domainModule(h, lib, 3 + Math.floor(random() * 5)));
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
        `import { find${repo}, list${repo}, remove${repo}, save${repo} } from '../repos/repo-${repo}.js';`,
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
        `  router.get('/r${r}', async (req, res) => {`,
        `    const after = typeof req.query.after === 'string' ? req.query.after : null;`,
        `    const limit = Number(req.query.limit ?? 50);`,
        `    if (!Number.isInteger(limit) || limit < 1) {`,
        `      res.status(400).json({ error: 'limit must be a positive integer' });`,
        `      return;`,
        `    }`,
        `    res.json(await list${repo}(pool, after, limit));`,
        `  });`,
        `  router.delete('/r${r}/:id', async (req, res) => {`,
        `    const removed = await remove${repo}(pool, req.params.id);`,
        `    res.status(removed ? 204 : 404).end();`,
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
