import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_CONFIG } from '../../analyzer/config/schema.js';
import { analyze } from '../../analyzer/run.js';
import { ReportSchema } from '../../analyzer/types/index.js';
import { SHARED } from '../helpers/fixtures.js';

const REAL = path.join(SHARED, 'real-world');

function folders(dir: string, depth: number): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (!statSync(full).isDirectory()) continue;
    if (depth === 1) out.push(full);
    else out.push(...folders(full, depth - 1));
  }
  return out;
}

/** Service keys of the compose files in a folder, read independently of archreview's reader. */
function composeServiceNames(dir: string): string[] {
  const names = new Set<string>();
  for (const file of readdirSync(dir)) {
    if (!/^(docker-)?compose.*\.ya?ml$/.test(file)) continue;
    const doc = parse(readFileSync(path.join(dir, file), 'utf8'), { merge: true }) as { services?: Record<string, unknown> } | null;
    for (const key of Object.keys(doc?.services ?? {})) names.add(key);
  }
  return [...names].sort();
}

describe('real-world manifests written by others (../shared/real-world)', () => {
  const compose = folders(path.join(REAL, 'awesome-compose'), 1);
  const kubernetes = folders(path.join(REAL, 'examples'), 2);

  it('finds the data', () => {
    expect(compose.length).toBeGreaterThan(30);
    expect(kubernetes.length).toBeGreaterThan(20);
  });

  it.each(compose.map((dir) => [path.basename(dir), dir]))('compose %s: every declared service becomes a service or a datastore', (_, dir) => {
    const { report } = analyze(dir, { config: DEFAULT_CONFIG });
    expect(ReportSchema.safeParse(report).success).toBe(true);
    const known = new Set([...report.services.map((s) => s.name), ...report.datastores.map((d) => d.host)]);
    expect(composeServiceNames(dir).filter((name) => !known.has(name))).toEqual([]);
    expect(report.diagnostics.filter((d) => d.level === 'error')).toEqual([]);
  });

  it.each(kubernetes.map((dir) => [path.relative(path.join(REAL, 'examples'), dir), dir]))('kubernetes %s: reads without crashing, into a valid report', (_, dir) => {
    const { report } = analyze(dir, { config: DEFAULT_CONFIG });
    expect(ReportSchema.safeParse(report).success).toBe(true);
    for (const edge of report.edges) {
      expect([...report.services.map((s) => s.id), ...report.datastores.map((d) => d.id)]).toContain(edge.to);
    }
  });

  it('classifies the well-known stacks the way a reviewer would', () => {
    const kinds = (name: string) => {
      const { report } = analyze(path.join(REAL, 'awesome-compose', name), { config: DEFAULT_CONFIG });
      return {
        services: report.services.map((s) => `${s.name}:${s.kind}${s.thirdParty ? ':3p' : ''}`),
        datastores: report.datastores.map((d) => d.id),
        edges: report.edges.map((e) => `${e.from}>${e.to}:${e.kind}`),
      };
    };
    expect(kinds('react-express-mysql')).toEqual({
      services: ['backend:service', 'frontend:service'],
      datastores: ['datastore:mariadb:db/example'],
      edges: ['service:backend>datastore:mariadb:db/example:connects', 'service:frontend>service:backend:depends-on'],
    });
    expect(kinds('traefik-golang').services).toEqual(['frontend:gateway:3p', 'backend:service']);
    expect(kinds('wordpress-mysql')).toEqual({
      services: ['wordpress:service:3p'],
      datastores: ['datastore:mariadb:db/wordpress'],
      edges: ['service:wordpress>datastore:mariadb:db/wordpress:connects'],
    });
  });
});
