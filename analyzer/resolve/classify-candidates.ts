import type { Config, ServiceOverride } from '../config/schema.js';
import type { Diagnostic, DockerfileFact, RouteFact, SourceFileFact } from '../types/index.js';
import type { Candidate } from './candidates.js';
import { classifyInfraImage, imageBaseName, infraKindByName, proxyImage, type InfraKind } from './classify-image.js';
import { guessSourceDir, projectDirs } from './service-paths.js';

export type Role = 'service' | 'gateway' | 'infra' | 'external';

/** A candidate after classification: what node it becomes, under which name and id. */
export interface Classified {
  candidate: Candidate;
  role: Role;
  name: string;
  /** Node id for services, gateways and externals; the instance id for infrastructure. */
  id: string;
  infra?: InfraKind;
  image: string | null;
  path: string | null;
  thirdParty: boolean;
  override: ServiceOverride;
}

export interface ClassifyInput {
  candidates: Map<string, Candidate>;
  config: Config;
  filePaths: readonly string[];
  sources: readonly SourceFileFact[];
  dockerfiles: Map<string, DockerfileFact>;
  routes: readonly RouteFact[];
  diagnostics: Diagnostic[];
}

/** Path of a compose bind mount or build folder that holds `file`. */
function holds(dirOrFile: string, file: string): boolean {
  return dirOrFile === file || dirOrFile === '' || dirOrFile === '.' || file.startsWith(`${dirOrFile}/`);
}

/** Which candidate owns a proxy config file: the one that mounts it or builds from the folder holding it. */
export function proxyOwner(route: RouteFact, candidates: Map<string, Candidate>): Candidate | undefined {
  if (route.gatewayKind === 'ingress') return undefined;
  let best: { c: Candidate; depth: number } | undefined;
  for (const c of candidates.values()) {
    for (const d of c.declarations) {
      for (const root of [...d.mounts, ...(d.buildPath ? [d.buildPath] : [])]) {
        if (!holds(root, route.file)) continue;
        const depth = root.length;
        if (!best || depth > best.depth) best = { c, depth };
      }
    }
  }
  return best?.c;
}

export function classifyCandidates(input: ClassifyInput): Map<string, Classified> {
  const { candidates, config, diagnostics } = input;
  const dirsByBase = projectDirs(input.filePaths);
  const dockerDirs = new Set(input.dockerfiles.keys());
  const codeDirs = ancestorDirs(input.sources.filter((s) => s.counted).map((s) => s.file));
  const routed = new Set(input.routes.map((r) => proxyOwner(r, candidates)?.name).filter((n): n is string => !!n));
  const out = new Map<string, Classified>();

  for (const c of [...candidates.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const override = config.services[c.name] ?? {};
    if (override.ignore) continue;
    const name = override.rename ?? c.name;
    const image = c.declarations.find((d) => d.library !== 'docker-compose' && d.image)?.image ?? c.declarations.find((d) => d.image)?.image ?? null;
    const buildPath = c.declarations.find((d) => d.buildPath)?.buildPath ?? null;
    const dockerfile = c.declarations.find((d) => d.dockerfile)?.dockerfile;
    const built = buildPath !== null;

    let infra: InfraKind | undefined;
    if (override.infra) infra = typeof override.infra === 'string' ? infraKindByName(override.infra) : image ? (classifyInfraImage(image) ?? infraKindByName(c.name)) : infraKindByName(c.name);
    else if (override.infra === undefined && image && !built) infra = classifyInfraImage(image) ?? undefined;
    else if (override.infra === undefined && built) {
      const base = dockerfile ? input.dockerfiles.get(dockerfile)?.baseImage : undefined;
      const hasCode = codeDirs.has(buildPath === '.' ? '' : buildPath);
      const fromImage = image ? classifyInfraImage(image) : null;
      if (fromImage && !hasCode) infra = fromImage;
      else if (base && !hasCode) infra = classifyInfraImage(base) ?? undefined;
    }
    if (override.external) {
      out.set(c.name, { candidate: c, role: 'external', name, id: `external:${name}`, image, path: null, thirdParty: true, override });
      continue;
    }
    if (infra) {
      out.set(c.name, { candidate: c, role: 'infra', name, id: `${infra.kind}:${name}`, infra, image, path: null, thirdParty: true, override });
      continue;
    }
    let path = override.path ?? buildPath;
    if (!path) {
      const names = [c.name, ...(image ? [imageBaseName(image)] : [])];
      const guess = guessSourceDir(names, dirsByBase, dockerDirs);
      path = guess.dir;
      if (guess.ambiguous.length) {
        const d = c.declarations[0]!;
        diagnostics.push({ level: 'info', code: 'ambiguous-source', file: d.file, line: d.line, message: `several folders could hold the code of "${c.name}" (${guess.ambiguous.join(', ')}); set services.${c.name}.path in archreview.yaml` });
      }
    }
    const proxy = image ? proxyImage(image) : null;
    const role: Role = proxy === 'proxy' || routed.has(c.name) ? 'gateway' : 'service';
    out.set(c.name, { candidate: c, role, name, id: `${role}:${name}`, image, path, thirdParty: path === null, override });
  }

  for (const key of Object.keys(config.services)) {
    if (!candidates.has(key)) {
      diagnostics.push({ level: 'warning', code: 'config-unmatched', message: `archreview.yaml: services.${key} matches no service in the manifests (known: ${[...candidates.keys()].sort().slice(0, 12).join(', ') || 'none'})` });
    }
  }
  return out;
}

/** Every folder that holds at least one of the files, at any depth ('' is the root). */
function ancestorDirs(files: string[]): Set<string> {
  const dirs = new Set<string>();
  for (const file of files) {
    let end = file.lastIndexOf('/');
    dirs.add('');
    while (end > 0) {
      const dir = file.slice(0, end);
      if (dirs.has(dir)) break;
      dirs.add(dir);
      end = dir.lastIndexOf('/');
    }
  }
  return dirs;
}
