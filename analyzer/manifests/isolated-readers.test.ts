import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '../config/schema.js';
import { walkTree } from '../discover/index.js';
import { createReaderContext, readManifests } from './index.js';

vi.mock('./compose-reader.js', () => ({
  readCompose: () => {
    throw new RangeError('something nobody foresaw');
  },
}));

const root = mkdtempSync(path.join(tmpdir(), 'archreview-isolated-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('readManifests', () => {
  it('keeps the other readers when one throws, and says which one failed', () => {
    mkdirSync(path.join(root, 'k8s'));
    writeFileSync(path.join(root, 'compose.yaml'), 'services:\n  web:\n    image: nginx\n');
    writeFileSync(path.join(root, 'k8s', 'd.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:1\n');
    const ctx = createReaderContext(walkTree(root), DEFAULT_CONFIG);
    const result = readManifests(ctx);
    expect(result.files).toEqual(['k8s/d.yaml']);
    expect(result.facts.some((f) => f.kind === 'manifest-service' && f.name === 'api')).toBe(true);
    expect(ctx.diagnostics).toEqual([{ level: 'error', code: 'reader-failed', message: 'the compose reader stopped: something nobody foresaw; its facts are missing from this report' }]);
  });
});
