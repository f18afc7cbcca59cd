import type { Fact } from '../types/index.js';
import { readCodeowners } from './codeowners-reader.js';
import { readCompose } from './compose-reader.js';
import { readDockerfiles } from './dockerfile-reader.js';
import { readEnvoy } from './envoy-reader.js';
import { readHelmCharts } from './helm-reader.js';
import { readKubernetesFiles, readKubernetesObjects } from './kubernetes-reader.js';
import { readKustomize } from './kustomize-reader.js';
import { readNginx } from './nginx-reader.js';
import { readPrismaSchemas } from './prisma-reader.js';
import type { ReaderContext } from './reader-context.js';

export { createReaderContext, type ReaderContext } from './reader-context.js';

export interface ManifestResult {
  facts: Fact[];
  /** Every manifest file that contributed, root-relative and sorted. */
  files: string[];
}

/**
 * Runs every manifest reader. Kustomize and Helm run first and claim the files they
 * render, so the plain Kubernetes reader does not read those files a second time.
 */
export function readManifests(ctx: ReaderContext): ManifestResult {
  const none = { facts: [], files: [] };
  const kustomize = isolated(ctx, 'kustomize', () => readKustomize(ctx), { objects: [], files: [], claimed: new Set<string>() });
  const helm = isolated(ctx, 'helm', () => readHelmCharts(ctx), { objects: [], files: [], claimed: new Set<string>() });
  const claimed = new Set<string>([...kustomize.claimed, ...helm.claimed]);
  const results = [
    isolated(ctx, 'compose', () => readCompose(ctx), none),
    isolated(ctx, 'kustomize', () => ({ facts: readKubernetesObjects(kustomize.objects, ctx.diagnostics, ctx.config.limits), files: [...kustomize.claimed].filter((f) => ctx.exists(f)) }), none),
    isolated(ctx, 'helm', () => ({ facts: readKubernetesObjects(helm.objects, ctx.diagnostics, ctx.config.limits), files: helm.files }), none),
    isolated(ctx, 'kubernetes', () => readKubernetesFiles(ctx, claimed), none),
    isolated(ctx, 'dockerfile', () => readDockerfiles(ctx), none),
    isolated(ctx, 'CODEOWNERS', () => readCodeowners(ctx), none),
    isolated(ctx, 'nginx', () => readNginx(ctx), none),
    isolated(ctx, 'envoy', () => readEnvoy(ctx), none),
    isolated(ctx, 'prisma', () => readPrismaSchemas(ctx), none),
  ];
  return {
    facts: results.flatMap((r) => r.facts),
    files: [...new Set(results.flatMap((r) => r.files))].sort(),
  };
}

/**
 * A reader that throws on input nobody foresaw loses its own facts, with a diagnostic, and
 * the other readers still run: bad input never ends the analysis.
 */
function isolated<T>(ctx: ReaderContext, reader: string, read: () => T, fallback: T): T {
  try {
    return read();
  } catch (error) {
    ctx.diagnostics.push({ level: 'error', code: 'reader-failed', message: `the ${reader} reader stopped: ${error instanceof Error ? error.message : String(error)}; its facts are missing from this report` });
    return fallback;
  }
}
