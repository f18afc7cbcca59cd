/** A compose service after normalisation: every short form expanded, every value with its position. */
export interface Pos {
  file: string;
  line?: number;
}

export interface ComposeEnvValue {
  value: string | null;
  /** literal: written in the compose file; interpolated: built from ${VARIABLES}. */
  origin: 'literal' | 'interpolated' | 'env-file' | 'unresolved';
  pos: Pos;
}

export interface ComposePort {
  target: number;
  published?: string;
  protocol?: string;
}

export interface ComposeService {
  name: string;
  decl: Pos;
  /** Folder of the compose file that declared the service first: relative paths start there. */
  baseDir: string;
  image?: { value: string; pos: Pos };
  build?: { context: string; dockerfile?: string; pos: Pos };
  containerName?: string;
  hostname?: string;
  environment: Map<string, ComposeEnvValue>;
  envFiles: { path: string; required: boolean; pos: Pos }[];
  ports: ComposePort[];
  expose: number[];
  dependsOn: Map<string, Pos>;
  links: string[];
  networks: Map<string, string[]>;
  profiles: string[];
  labels: Map<string, string>;
  healthcheck?: { disabled: boolean; test?: string; pos: Pos };
  replicas?: number;
  limits: { cpu?: string; memory?: string };
  requests: { cpu?: string; memory?: string };
  resourcesPos?: Pos;
  volumes: { type: 'bind' | 'volume' | 'other'; source?: string; target?: string }[];
  extends?: { service: string; file?: string; pos: Pos };
}

export function emptyService(name: string, decl: Pos, baseDir: string): ComposeService {
  return {
    name,
    decl,
    baseDir,
    environment: new Map(),
    envFiles: [],
    ports: [],
    expose: [],
    dependsOn: new Map(),
    links: [],
    networks: new Map(),
    profiles: [],
    labels: new Map(),
    limits: {},
    requests: {},
    volumes: [],
  };
}
