import { describe, expect, it } from 'vitest';
import { envOf, factsOf, fixture, readerContext } from '../../test/helpers/fixtures.js';
import { readCompose } from './compose-reader.js';

function read(name: string) {
  const ctx = readerContext(fixture('manifests/compose', name));
  const result = readCompose(ctx);
  return { ...result, diagnostics: ctx.diagnostics };
}

describe('compose reader', () => {
  it('reads services, builds, images, ports, depends_on, networks, aliases and profiles', () => {
    const { facts, files } = read('basic');
    const services = factsOf(facts, 'manifest-service');
    expect(services.map((s) => s.name)).toEqual(['api', 'auth', 'cache', 'db', 'queue', 'worker']);
    const api = services.find((s) => s.name === 'api')!;
    expect(api).toMatchObject({
      file: 'docker-compose.yml',
      line: 9,
      buildPath: 'services/api',
      dockerfile: 'services/api/Dockerfile',
      replicas: 2,
      networks: ['backend', 'frontend'],
      ports: [
        { port: 3000, published: '8080' },
        { port: 9229, published: '9229', protocol: 'tcp' },
      ],
      dependsOn: [
        { name: 'db', file: 'docker-compose.yml', line: 26 },
        { name: 'cache', file: 'docker-compose.yml', line: 28 },
      ],
    });
    const worker = services.find((s) => s.name === 'worker')!;
    expect(worker).toMatchObject({
      buildPath: 'services/worker',
      dockerfile: 'services/worker/Dockerfile.prod',
      profiles: ['workers'],
      aliases: ['jobs'],
      links: ['db:database'],
      dependsOn: [
        { name: 'queue', line: 56 },
        { name: 'db', line: 57 },
      ],
    });
    expect(services.find((s) => s.name === 'db')).toMatchObject({ image: 'postgres:16-alpine', mounts: ['db/init.sql'] });
    expect(services.find((s) => s.name === 'queue')?.ports).toEqual([{ port: 15672, published: '15672' }]);
    expect(files).toEqual(['.env', 'docker-compose.yml', 'services/api/api.env']);
  });

  it('interpolates from .env with defaults, nesting and YAML merge keys; environment wins over env_file', () => {
    const { facts } = read('basic');
    expect(envOf(facts, 'api')).toEqual({
      AUTH_URL: 'http://auth:8080/realms/shop',
      DATABASE_URL: 'postgres://shop:s3cret@db:5432/shop',
      FEATURE_FLAGS: 'beta,shop',
      LOG_LEVEL: 'info',
      PAYMENTS_API_URL: 'https://api.stripe.com/v1',
      PORT: '3000',
      REDIS_URL: 'redis://cache:6379/2',
      TZ: 'UTC',
      UNSET_EMPTY: '',
      UNSET_WITH_DEFAULT: 'fallback',
      WORKER_HOST: 'worker',
    });
    expect(envOf(facts, 'worker')).toEqual({
      AMQP_URL: 'amqp://guest:guest@queue:5672/',
      API_BASE: 'http://api:3000',
      DB_HOST: 'db',
      DB_NAME: 'shop',
      MISSING_BARE: null,
    });
    const envFileEntry = factsOf(facts, 'manifest-env').find((f) => f.name === 'PAYMENTS_API_URL');
    expect(envFileEntry).toMatchObject({ file: 'services/api/api.env', line: 3, origin: 'env-file' });
    const bare = factsOf(facts, 'manifest-env').find((f) => f.name === 'DB_NAME');
    expect(bare).toMatchObject({ file: 'docker-compose.yml', line: 52, origin: 'env-file', value: 'shop' });
  });

  it('reports each variable without value or default once, and bare names missing from .env', () => {
    const { diagnostics } = read('basic');
    expect(diagnostics).toEqual([
      { level: 'warning', code: 'unresolved-variable', file: 'docker-compose.yml', line: 22, message: 'variable ALSO_NOT_IN_ENV is not set in .env and has no default; read as an empty string' },
      { level: 'info', code: 'unresolved-variable', file: 'docker-compose.yml', line: 53, message: 'MISSING_BARE of "worker" takes its value from the shell that runs compose; not in .env' },
    ]);
  });

  it('reads healthchecks as probes and deploy resources', () => {
    const { facts } = read('basic');
    expect(factsOf(facts, 'probe')).toEqual([
      { kind: 'probe', file: 'docker-compose.yml', line: 33, library: 'docker-compose', service: 'api', probe: 'healthcheck', handler: 'http', path: '/health', port: 3000 },
    ]);
    expect(factsOf(facts, 'resources').find((r) => r.service === 'api')).toMatchObject({ line: 38, limits: { cpu: '0.50', memory: '256M' }, requests: { memory: '128M' } });
    expect(factsOf(facts, 'resources').find((r) => r.service === 'db')).toMatchObject({ limits: {}, requests: {} });
  });

  it('merges the override and variant files the way compose merges -f files', () => {
    const { facts, files, diagnostics } = read('override');
    expect(factsOf(facts, 'manifest-service').map((s) => s.name)).toEqual(['api', 'mysql', 'prometheus', 'web']);
    expect(envOf(facts, 'web')).toEqual({ API_URL: 'http://api:8080', DEBUG: '1', MODE: 'override' });
    expect(envOf(facts, 'api')).toEqual({ DB_URL: 'mysql://app:pw@mysql:3306/app', EXTRA: 'yes' });
    const web = factsOf(facts, 'manifest-service').find((s) => s.name === 'web')!;
    expect(web.ports).toEqual([
      { port: 8080, published: '80' },
      { port: 9229, published: '9229' },
    ]);
    expect(factsOf(facts, 'manifest-service').find((s) => s.name === 'api')?.labels).toEqual({ 'prometheus.io/scrape': 'true' });
    expect(factsOf(facts, 'manifest-env').find((f) => f.name === 'MODE')).toMatchObject({ file: 'docker-compose.override.yml', line: 4 });
    expect(files).toEqual(['docker-compose.monitoring.yml', 'docker-compose.override.yml', 'docker-compose.yml']);
    expect(diagnostics.map((d) => d.code)).toEqual(['compose-merged']);
  });

  it('resolves extends in the same file and in another file, and reports a missing base', () => {
    const { facts, diagnostics } = read('extends');
    expect(envOf(facts, 'app')).toEqual({ OVERRIDDEN: 'app', SHARED: 'from-base' });
    expect(envOf(facts, 'job')).toEqual({ JOB_ONLY: '1', QUEUE_URL: 'amqp://rabbit:5672' });
    expect(factsOf(facts, 'manifest-service').find((s) => s.name === 'job')).toMatchObject({ image: 'example/batch:2', line: 11 });
    expect(factsOf(facts, 'manifest-env').find((f) => f.name === 'QUEUE_URL')).toMatchObject({ file: 'common/services.yml', line: 5 });
    expect(diagnostics).toEqual([
      { level: 'warning', code: 'compose-extends-missing', file: 'compose.yaml', line: 18, message: 'service "broken" extends "nowhere", which was not found' },
    ]);
  });

  it('loads included compose files into the including project', () => {
    const { facts, files } = read('include');
    expect(factsOf(facts, 'manifest-service').map((s) => [s.name, s.file])).toEqual([
      ['app', 'compose.yaml'],
      ['redis', 'infra/compose.yaml'],
    ]);
    expect(files).toEqual(['compose.yaml', 'infra/compose.yaml']);
  });

  it('reads compose projects in several folders', () => {
    const { facts } = read('multi-dir');
    expect(factsOf(facts, 'manifest-service').map((s) => `${s.file}#${s.name}`)).toEqual([
      'app/docker-compose.yml#backend',
      'app/docker-compose.yml#frontend',
      'tools/docker-compose.yaml#adminer',
    ]);
  });

  it('reads the v1 format with services at the top level', () => {
    const { facts, diagnostics } = read('legacy-v1');
    expect(factsOf(facts, 'manifest-service').map((s) => [s.name, s.line, s.buildPath ?? s.image])).toEqual([
      ['redis', 7, 'redis'],
      ['web', 1, '.'],
    ]);
    expect(diagnostics.map((d) => d.code)).toEqual(['compose-v1']);
  });

  it('turns invalid YAML and wrong shapes into diagnostics and goes on', () => {
    const { facts, diagnostics } = read('invalid');
    expect(facts).toEqual([]);
    expect(diagnostics).toEqual([
      { level: 'error', code: 'yaml-parse', file: 'docker-compose.yml', line: 5, message: 'invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]' },
      { level: 'info', code: 'compose-merged', file: 'docker-compose.yml', message: 'merged compose files in this order: docker-compose.yml, compose.override.yaml' },
      { level: 'warning', code: 'compose-invalid', file: 'compose.override.yaml', message: '"services" is not a mapping' },
    ]);
  });

  it('falls back to a committed .env.example for interpolation, and says so', () => {
    const { facts, diagnostics } = read('env-example');
    expect(factsOf(facts, 'manifest-service').find((s) => s.name === 'app')?.image).toBe('example/app:2.3.1');
    expect(envOf(facts, 'app')).toEqual({ DATABASE_URL: 'postgres://app:change-me@pg:5432/app' });
    expect(diagnostics).toEqual([
      { level: 'info', code: 'env-example-used', file: '.env.example', message: 'no .env next to the compose file; interpolated from .env.example instead' },
    ]);
  });
});
