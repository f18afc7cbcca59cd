import { test } from 'vitest';
import { walkTree } from '../analyzer/discover/index.js';
import { DEFAULT_CONFIG } from '../analyzer/config/schema.js';
import { createReaderContext } from '../analyzer/manifests/reader-context.js';
import { readNginx } from '../analyzer/manifests/nginx-reader.js';
import { readEnvoy } from '../analyzer/manifests/envoy-reader.js';
test('peek', () => {
  for (const c of (process.env.CASES ?? '').split(',')) {
    const ctx = createReaderContext(walkTree(`/work/main/fixtures/manifests/${c}`), DEFAULT_CONFIG);
    const r = c.startsWith('nginx') ? readNginx(ctx) : readEnvoy(ctx);
    console.log(c, JSON.stringify(r.files), '\n' + r.facts.map((f) => JSON.stringify(f)).join('\n'), '\n' + ctx.diagnostics.map((d) => JSON.stringify(d)).join('\n'));
  }
});
