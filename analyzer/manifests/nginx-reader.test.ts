import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/schema.js';
import { walkTree } from '../discover/index.js';
import type { Diagnostic, RouteFact } from '../types/index.js';
import { parseNginx } from './nginx-parser.js';
import { gatewayName, readNginx } from './nginx-reader.js';
import { nginxRoutes, parseTarget } from './nginx-routes.js';
import { tokenizeNginx } from './nginx-tokenizer.js';
import { createReaderContext } from './reader-context.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/manifests/nginx/', import.meta.url));

function read(root: string) {
  const ctx = createReaderContext(walkTree(root), DEFAULT_CONFIG);
  const result = readNginx(ctx);
  return { ...result, diagnostics: ctx.diagnostics };
}

const route = (fields: Partial<RouteFact> & Pick<RouteFact, 'file' | 'line' | 'gateway' | 'target'>): RouteFact => ({ kind: 'route', library: 'nginx', gatewayKind: 'nginx', protocol: 'http', ...fields });

describe('readNginx on fixtures', () => {
  it('reads a conf.d file mounted by compose: direct proxy_pass, an upstream, grpc_pass', () => {
    const { facts, files, diagnostics } = read(path.join(FIXTURES, 'compose-mounted'));
    const file = 'nginx/default.conf';
    const common = { file, gateway: 'nginx', host: 'shop.example.com' };
    expect(facts).toEqual([
      route({ ...common, line: 12, path: '/', target: 'web', port: 8080 }),
      route({ ...common, line: 17, path: '/api/', target: 'api', port: 3000 }),
      route({ ...common, line: 22, path: '/users.v1.Users/', target: 'users', port: 50051, protocol: 'grpc' }),
    ]);
    expect(files).toEqual([file]);
    expect(diagnostics).toEqual([]);
  });

  it('expands includes (absolute, relative, glob), nested locations, multi-server upstreams, uwsgi_pass', () => {
    const { facts, files, diagnostics } = read(path.join(FIXTURES, 'includes'));
    const shop = { file: 'proxy/conf.d/shop.conf', gateway: 'proxy' };
    expect(facts).toEqual([
      route({ ...shop, line: 7, path: '/orders', target: 'orders-1', port: 8080 }),
      route({ ...shop, line: 7, path: '/orders', target: 'orders-2', port: 8080 }),
      route({ ...shop, line: 11, path: '/catalog/', target: 'catalog', port: 9000 }),
      route({ ...shop, line: 14, path: '/catalog/admin/', target: 'catalog-admin', port: 443 }),
      route({ file: 'proxy/snippets/legacy.conf', gateway: 'proxy', line: 4, path: '/legacy', target: 'legacy', port: 3031 }),
    ]);
    expect(files).toEqual(['proxy/conf.d/shop.conf', 'proxy/nginx.conf', 'proxy/snippets/legacy.conf', 'proxy/snippets/proxy-headers.conf']);
    expect(diagnostics.map(({ level, code, file, line }) => ({ level, code, file, line }))).toEqual([
      { level: 'warning', code: 'nginx-include-loop', file: 'proxy/snippets/legacy.conf', line: 8 },
      { level: 'info', code: 'nginx-include-missing', file: 'proxy/nginx.conf', line: 19 },
      { level: 'info', code: 'nginx-include-missing', file: 'proxy/nginx.conf', line: 20 },
    ]);
    expect(diagnostics[0]?.message).toContain('proxy/nginx.conf -> proxy/conf.d/shop.conf -> proxy/snippets/legacy.conf -> proxy/snippets/legacy.conf');
  });

  it('resolves set and map variables and reports the ones it cannot resolve', () => {
    const { facts, diagnostics } = read(path.join(FIXTURES, 'variables'));
    const common = { file: 'nginx/templates/default.conf.template', gateway: 'nginx', host: 'api.example.com' };
    expect(facts).toEqual([
      route({ ...common, line: 12, path: '/search/', target: 'search', port: 9200 }),
      route({ ...common, line: 16, path: '/tenants/', target: 'tenants-eu', port: 7000 }),
      route({ ...common, line: 16, path: '/tenants/', target: 'tenants-us', port: 7000 }),
      route({ ...common, line: 21, path: '/reports/', target: 'reports', port: 8000 }),
      route({ ...common, line: 34, path: '/health', target: '127.0.0.1', port: 9000 }),
    ]);
    expect(diagnostics.map(({ level, code, line }) => ({ level, code, line }))).toEqual([
      { level: 'info', code: 'nginx-unresolved', line: 26 },
      { level: 'info', code: 'nginx-unresolved', line: 30 },
    ]);
    expect(diagnostics[0]?.message).toMatch(/^nginx\/templates\/default\.conf\.template:26: .*\$http_host/);
    expect(diagnostics[1]?.message).toMatch(/^nginx\/templates\/default\.conf\.template:30: .*\$BILLING_HOST.*envsubst/);
  });

  it('reports unbalanced braces with file and line and keeps what it could read', () => {
    const { facts, diagnostics } = read(path.join(FIXTURES, 'syntax-errors'));
    expect(facts).toEqual([
      route({ file: 'nginx/conf.d/broken.conf', gateway: 'nginx', line: 4, path: '/c', target: 'gamma', port: 8080 }),
      route({ file: 'nginx/nginx.conf', gateway: 'nginx', line: 7, path: '/a', target: 'alpha', port: 8080 }),
      route({ file: 'nginx/nginx.conf', gateway: 'nginx', line: 10, path: '/b', target: 'beta', port: 8080 }),
    ]);
    expect(diagnostics.map(({ level, code, file, line }) => ({ level, code, file, line }))).toEqual([
      { level: 'error', code: 'nginx-syntax', file: 'nginx/conf.d/broken.conf', line: 1 },
      { level: 'error', code: 'nginx-syntax', file: 'nginx/conf.d/broken.conf', line: 3 },
      { level: 'error', code: 'nginx-syntax', file: 'nginx/nginx.conf', line: 10 },
      { level: 'error', code: 'nginx-syntax', file: 'nginx/nginx.conf', line: 14 },
    ]);
    expect(diagnostics[3]?.message).toContain('unexpected "}"');
  });

  it('reads files that only include each other (an include cycle with no main config) once', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'archreview-nginx-'));
    try {
      writeFileSync(path.join(root, 'nginx.conf'), 'include site.conf;\n');
      writeFileSync(path.join(root, 'site.conf'), 'include nginx.conf;\nserver { location / { proxy_pass http://app:80; } }\n');
      const { facts, diagnostics } = read(root);
      expect(facts).toEqual([route({ file: 'site.conf', gateway: 'nginx', line: 2, path: '/', target: 'app', port: 80 })]);
      expect(diagnostics.map((d) => d.code)).toEqual(['nginx-include-loop']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('nginx syntax', () => {
  it('tokenizes quoted strings, escapes, comments, ${VAR} words and line numbers', () => {
    const { tokens, errors } = tokenizeNginx('a "b c" \'d\\\'e\'; # x { y }\nf http://${H}:80#frag {\n}');
    expect(errors).toEqual([]);
    expect(tokens).toEqual([
      { type: 'word', value: 'a', line: 1, quoted: false },
      { type: 'word', value: 'b c', line: 1, quoted: true },
      { type: 'word', value: "d'e", line: 1, quoted: true },
      { type: ';', line: 1 },
      { type: 'word', value: 'f', line: 2, quoted: false },
      { type: 'word', value: 'http://${H}:80#frag', line: 2, quoted: false },
      { type: '{', line: 2 },
      { type: '}', line: 3 },
    ]);
  });

  it('skips the Lua body of *_by_lua_block, braces in its strings and comments included', () => {
    const text = 'location / {\n  content_by_lua_block {\n    local t = { a = "}" } -- }\n    ngx.say([[ { ]])\n  }\n  proxy_pass http://after:1;\n}\n';
    const diagnostics: Diagnostic[] = [];
    const tree = parseNginx(text, 'lua.conf', diagnostics);
    expect(diagnostics).toEqual([]);
    expect(tree[0]?.block?.map((d) => [d.name, d.line])).toEqual([
      ['content_by_lua_block', 2],
      ['proxy_pass', 6],
    ]);
  });

  it('reports an unterminated string and never throws on garbage', () => {
    const diagnostics: Diagnostic[] = [];
    parseNginx('server {\n  return 200 "oops;\n}\n', 'q.conf', diagnostics);
    expect(diagnostics[0]).toMatchObject({ level: 'error', code: 'nginx-syntax', file: 'q.conf', line: 2 });
    for (const garbage of ['}}}{{{', '{', ';;;', '"', "'\\", '${', 'proxy_pass', 'location { proxy_pass $; }', '\u0000\u0001', 'a\\']) {
      const sink: Diagnostic[] = [];
      expect(() => nginxRoutes(parseNginx(garbage, 'g.conf', sink), 'nginx', sink)).not.toThrow();
    }
  });

  it('parses pass targets', () => {
    expect(parseTarget('http://api:3000/v1')).toEqual({ scheme: 'http', host: 'api', portText: '3000', port: 3000 });
    expect(parseTarget('https://pay.example.com')).toEqual({ scheme: 'https', host: 'pay.example.com', port: 443 });
    expect(parseTarget('grpc://[::1]:50051')).toEqual({ scheme: 'grpc', host: '::1', portText: '50051', port: 50051 });
    expect(parseTarget('php:9000')).toEqual({ host: 'php', portText: '9000', port: 9000 });
    expect(parseTarget('unix:/run/php-fpm.sock')).toBeNull();
    expect(parseTarget('http://')).toBeNull();
  });

  it('names the gateway after the folder holding the main config', () => {
    expect(gatewayName('proxy/nginx.conf')).toBe('proxy');
    expect(gatewayName('deploy/nginx/conf.d/default.conf')).toBe('nginx');
    expect(gatewayName('nginx.conf')).toBe('nginx');
    expect(gatewayName('conf.d/site.conf')).toBe('nginx');
  });
});
