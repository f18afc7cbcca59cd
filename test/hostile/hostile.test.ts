import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { evilBatch, type Beacon } from './generate-evil.js';
import { binaryFiles, hugeFiles, manyFiles, notUtf8, symlinks, unreadable } from './generate-files.js';
import { configuredLimits } from './generate-limits.js';
import { helmTemplates, interpolation, longValues, pathTraversal, proxyConfigs } from './generate-manifests.js';
import { hostileNames } from './generate-names.js';
import { amplification, syntaxErrors } from './generate-source.js';
import { composeWrongTypes, kubernetesWrongTypes } from './generate-types.js';
import { aliasBombs, deepYaml, invalidYaml } from './generate-yaml.js';
import { failures, runBatch } from './run-batch.js';
import type { Batch } from './repo.js';
import type { SummaryRow } from './summary.js';

/**
 * The hostile-input suite (issue 10). Each batch generates a repository in a temp folder,
 * runs the built CLI on it under the test guard (no code from the repository, no child
 * process but read-only git, no network, no reads outside the folder, bounded memory),
 * with a time limit (a timeout is a hang), checks every output format for escaping, and
 * checks that each broken file got its diagnostic. The summary reporter prints the counts.
 */

const rows: SummaryRow[] = [];
let beaconHits = 0;
let server: Server;
const beacon: Beacon = { url: '', hits: () => beaconHits };

const BATCHES: Batch[] = [
  invalidYaml,
  aliasBombs,
  deepYaml,
  binaryFiles,
  notUtf8,
  symlinks,
  unreadable,
  syntaxErrors,
  amplification,
  interpolation,
  pathTraversal,
  helmTemplates,
  proxyConfigs,
  longValues,
  kubernetesWrongTypes,
  composeWrongTypes,
  hostileNames,
  configuredLimits,
  evilBatch(beacon),
  hugeFiles,
  manyFiles,
];

describe.runIf(existsSync(CLI))('hostile input', () => {
  beforeAll(async () => {
    server = createServer((_req, res) => {
      beaconHits++;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    beacon.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  for (const batch of BATCHES) {
    it(batch.id, async () => {
      const { results, row } = await runBatch(batch);
      rows.push(row);
      expect(failures(results)).toEqual([]);
    }, 240_000);
  }

  it('reports the counts', ({ task }) => {
    task.meta.hostileSummary = [...rows];
    const cases = rows.reduce((n, r) => n + r.cases, 0);
    expect(cases).toBeGreaterThanOrEqual(200);
  });
});
