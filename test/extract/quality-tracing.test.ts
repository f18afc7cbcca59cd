import { describe, expect, it } from 'vitest';
import { preloadsIn } from '../../analyzer/extract/ts/preloads.js';
import type { ServiceQuality } from '../../analyzer/types/quality-links.js';
import { analyzeFixture, extractFixture, only } from '../helpers/extract.js';

const tracing = (s: ServiceQuality): string => {
  const t = s.tracing;
  return `${s.service} ${t.how}${t.auto ? ' auto' : ''} propagation=${t.propagation} untraced=[${t.untracedCalls.join(' ')}]`;
};
const setup = (s: ServiceQuality): string[] => s.tracing.setup.map((e) => `${e.what} @${e.location.file}:${e.location.line ?? ''}`);

describe('tracing', () => {
  it('finds the OpenTelemetry SDK started in tracing.ts and imported first by index.ts', () => {
    const { facts, links } = analyzeFixture('extract/quality/shop-basic');
    expect([...only(facts, 'tracing'), ...only(facts, 'side-effect-import')].map((f) => `${f.file}:${f.line} ${f.kind === 'tracing' ? `${f.what}${f.auto ? ' auto' : ''} ${f.library}` : `import ${f.module}${f.first ? ' first' : ''}`}`)).toEqual([
      'src/tracing.ts:4 sdk auto @opentelemetry/sdk-node',
      'src/tracing.ts:6 instrumentation @opentelemetry/auto-instrumentations-node',
      'src/tracing.ts:9 start @opentelemetry/sdk-node',
      'src/index.ts:1 import ./tracing.js first',
    ]);
    const [orders] = links.quality!.services;
    expect(tracing(orders!)).toBe('service:orders otel-sdk auto propagation=auto untraced=[]');
    expect(setup(orders!)).toEqual([
      'loaded first by src/index.ts @src/index.ts:1',
      'SDK created with instrumentations @src/tracing.ts:4',
      'instrumentations registered @src/tracing.ts:6',
      'tracing started @src/tracing.ts:9',
    ]);
  });

  it('reads how each service starts: Dockerfile --import, start script --require, NODE_OPTIONS; API-only spans; files nothing loads; manual propagation', () => {
    const { facts } = extractFixture('extract/quality/preloaded-tracing');
    expect(only(facts, 'runtime-preload').map((f) => `${f.file}:${f.line} ${f.via} ${f.flag} ${f.module}`)).toEqual([
      'catalog/Dockerfile:9 CMD --import ./dist/tracing.js',
      'search/package.json:6 start --require @opentelemetry/auto-instrumentations-node/register',
    ]);
    const { links } = analyzeFixture('extract/quality/preloaded-tracing');
    const services = links.quality!.services;
    expect(services.map(tracing)).toEqual([
      'service:catalog otel-sdk auto propagation=auto untraced=[]',
      'service:fulfillment dd-trace auto propagation=auto untraced=[]',
      'service:pricing none propagation=none untraced=[]',
      'service:ratings none propagation=none untraced=[service:ratings|ratings/src/index.ts:5|fetch|${CATALOG_URL}/products/{req.params.sku}]',
      'service:reviews otel-api propagation=unknown untraced=[]',
      'service:search otel-preload auto propagation=auto untraced=[]',
      'service:stock otel-sdk propagation=manual untraced=[service:stock|stock/src/index.ts:13|fetch|http://warehouse.example/levels]',
    ]);
    const by = new Map(services.map((s) => [s.service, s]));
    expect(setup(by.get('service:catalog')!)[0]).toBe('preloads ./dist/tracing.js (--import in CMD) @catalog/Dockerfile:9');
    expect(setup(by.get('service:fulfillment')!)).toEqual(['preloads dd-trace/init (NODE_OPTIONS) @compose.yaml:19', 'DD_AGENT_HOST is set @compose.yaml:20']);
    expect(setup(by.get('service:pricing')!)).toEqual([
      'SDK created (nothing imports or preloads this file) @pricing/src/telemetry-setup.ts:3',
      'tracing started (nothing imports or preloads this file) @pricing/src/telemetry-setup.ts:4',
    ]);
    expect(setup(by.get('service:stock')!)[0]).toBe('loaded by stock/src/index.ts after other imports (modules imported before it are not instrumented) @stock/src/index.ts:2');
    expect(by.get('service:reviews')!.tracing.spans.map((e) => `${e.what} @${e.location.line}`)).toEqual(['tracer obtained @4', 'span started @7']);
  });

  it('reads preload flags in exec and shell forms, inline NODE_OPTIONS and sh -c', () => {
    expect(preloadsIn('["node", "--require", "@opentelemetry/auto-instrumentations-node/register", "dist/index.js"]')).toEqual([{ flag: '--require', module: '@opentelemetry/auto-instrumentations-node/register' }]);
    expect(preloadsIn('NODE_OPTIONS="--require ./tracing.js -r dd-trace/init" node dist/index.js')).toEqual([
      { flag: '--require', module: './tracing.js' },
      { flag: '-r', module: 'dd-trace/init' },
    ]);
    expect(preloadsIn('["node","--import=@opentelemetry/auto-instrumentations-node/register","dist/index.js"]')).toEqual([{ flag: '--import', module: '@opentelemetry/auto-instrumentations-node/register' }]);
    expect(preloadsIn('["sh", "-c", "node -r newrelic dist/index.js"]')).toEqual([{ flag: '-r', module: 'newrelic' }]);
    expect(preloadsIn('node dist/index.js')).toEqual([]);
  });
});
