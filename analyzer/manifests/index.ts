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
  const kustomize = readKustomize(ctx);
  const helm = readHelmCharts(ctx);
  const claimed = new Set<string>([...kustomize.claimed, ...helm.claimed]);
  const results = [
    readCompose(ctx),
    { facts: readKubernetesObjects(kustomize.objects, ctx.diagnostics), files: [...kustomize.claimed].filter((f) => ctx.exists(f)) },
    { facts: readKubernetesObjects(helm.objects, ctx.diagnostics), files: helm.files },
    readKubernetesFiles(ctx, claimed),
    readDockerfiles(ctx),
    readCodeowners(ctx),
    readNginx(ctx),
    readEnvoy(ctx),
    readPrismaSchemas(ctx),
  ];
  return {
    facts: results.flatMap((r) => r.facts),
    files: [...new Set(results.flatMap((r) => r.files))].sort(),
  };
}
