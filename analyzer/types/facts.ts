import { z } from 'zod';
import { CODE_FACT_SCHEMAS } from './code-facts.js';
import { MESSAGING_FACT_SCHEMAS } from './messaging-facts.js';
import { DATA_FACT_SCHEMAS } from './data-facts.js';
import { QUALITY_FACT_SCHEMAS } from './quality-facts.js';
import { SERVER_FACT_SCHEMAS } from './server-facts.js';
import { RESILIENCE_FACT_SCHEMAS } from './resilience-facts.js';

/**
 * Facts: what one reader saw in one file. Every fact names its file, its line where the
 * format gives one, and the library (format or package) it came from. Facts are the only
 * input of the resolve stage; nothing downstream reads files again.
 */
const base = {
  file: z.string(),
  line: z.number().int().positive().optional(),
  library: z.string().describe('The format or package the fact came from: docker-compose, kubernetes, helm, express, axios, ...'),
};

export const ManifestSourceSchema = z.enum(['docker-compose', 'kubernetes', 'kustomize', 'helm', 'dockerfile', 'nginx', 'envoy']);
export type ManifestSource = z.infer<typeof ManifestSourceSchema>;

export const ContainerPortSchema = z.object({
  port: z.number().int(),
  name: z.string().optional(),
  protocol: z.string().optional(),
  published: z.string().optional().describe('Host port a compose service publishes this port on.'),
});
export type ContainerPort = z.infer<typeof ContainerPortSchema>;

/** A deployable unit declared in a manifest: compose service, Kubernetes workload, Pod. */
export const ManifestServiceFactSchema = z.object({
  kind: z.literal('manifest-service'),
  ...base,
  name: z.string(),
  workload: z.string().describe('compose-service, Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, ReplicaSet'),
  namespace: z.string().optional(),
  image: z.string().optional(),
  buildPath: z.string().optional().describe('Build context, relative to the analyzed root.'),
  dockerfile: z.string().optional().describe('Dockerfile path relative to the analyzed root.'),
  ports: z.array(ContainerPortSchema),
  labels: z.record(z.string(), z.string()),
  podLabels: z.record(z.string(), z.string()).describe('Labels a Service selector matches (pod template labels).'),
  annotations: z.record(z.string(), z.string()),
  podAnnotations: z.record(z.string(), z.string()).optional().describe('Annotations of the pod template (Kubernetes), where operators read injection settings.'),
  replicas: z.number().int().optional(),
  profiles: z.array(z.string()),
  dependsOn: z.array(z.object({ name: z.string(), file: z.string(), line: z.number().int().optional() })),
  links: z.array(z.string()),
  networks: z.array(z.string()),
  aliases: z.array(z.string()).describe('Other names this service answers to: hostname, container_name, network aliases.'),
  mounts: z.array(z.string()).describe('Files or folders of the repository mounted into the container, relative to the root.'),
  containers: z.array(z.object({ name: z.string(), line: z.number().int().optional() })).optional().describe('Kubernetes containers with the line that declares each.'),
});
export type ManifestServiceFact = z.infer<typeof ManifestServiceFactSchema>;

export const EnvOriginSchema = z.enum(['literal', 'interpolated', 'env-file', 'config-map', 'secret', 'field', 'dockerfile', 'unresolved']);

/** One environment variable of a service. Values of secrets are never read. */
export const ManifestEnvFactSchema = z.object({
  kind: z.literal('manifest-env'),
  ...base,
  service: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
  value: z.string().nullable(),
  origin: EnvOriginSchema,
  reference: z.string().optional().describe('ConfigMap or Secret the value comes from, as name/key.'),
});
export type ManifestEnvFact = z.infer<typeof ManifestEnvFactSchema>;

/** A Kubernetes Service: a stable name and ports in front of the workloads its selector matches. */
export const NetworkServiceFactSchema = z.object({
  kind: z.literal('network-service'),
  ...base,
  name: z.string(),
  namespace: z.string(),
  type: z.string(),
  selector: z.record(z.string(), z.string()),
  externalName: z.string().optional(),
  ports: z.array(
    z.object({
      port: z.number().int(),
      targetPort: z.union([z.number().int(), z.string()]).optional(),
      name: z.string().optional(),
      appProtocol: z.string().optional(),
    }),
  ),
});
export type NetworkServiceFact = z.infer<typeof NetworkServiceFactSchema>;

export const ProbeFactSchema = z.object({
  kind: z.literal('probe'),
  ...base,
  service: z.string(),
  namespace: z.string().optional(),
  probe: z.enum(['liveness', 'readiness', 'startup', 'healthcheck']),
  handler: z.enum(['http', 'tcp', 'exec', 'grpc']),
  path: z.string().optional(),
  port: z.union([z.number().int(), z.string()]).optional(),
});
export type ProbeFact = z.infer<typeof ProbeFactSchema>;

const quantities = z.object({ cpu: z.string().optional(), memory: z.string().optional() });
export const ResourcesFactSchema = z.object({
  kind: z.literal('resources'),
  ...base,
  service: z.string(),
  namespace: z.string().optional(),
  container: z.string(),
  limits: quantities,
  requests: quantities,
});
export type ResourcesFact = z.infer<typeof ResourcesFactSchema>;

export const AutoscalerFactSchema = z.object({
  kind: z.literal('autoscaler'),
  ...base,
  name: z.string(),
  namespace: z.string().optional(),
  target: z.string(),
  targetKind: z.string(),
  min: z.number().int(),
  max: z.number().int(),
});
export type AutoscalerFact = z.infer<typeof AutoscalerFactSchema>;

/** Traffic a proxy or ingress sends to a host: Ingress rule, nginx proxy_pass, envoy cluster. */
export const RouteFactSchema = z.object({
  kind: z.literal('route'),
  ...base,
  gateway: z.string().describe('Name of the routing component (Ingress name, nginx/envoy config owner).'),
  gatewayKind: z.enum(['ingress', 'nginx', 'envoy']),
  namespace: z.string().optional(),
  host: z.string().optional().describe('Public host the route matches, when it names one.'),
  path: z.string().optional(),
  target: z.string().describe('Host name the traffic goes to.'),
  port: z.union([z.number().int(), z.string()]).optional(),
  protocol: z.enum(['http', 'grpc']),
});
export type RouteFact = z.infer<typeof RouteFactSchema>;

export const DockerfileFactSchema = z.object({
  kind: z.literal('dockerfile'),
  ...base,
  dir: z.string().describe('Folder holding the Dockerfile, relative to the root.'),
  baseImage: z.string().optional().describe('Base image of the final stage.'),
  stageImages: z.array(z.string()).describe('Base images of every stage, in order.'),
  env: z.array(z.object({ name: z.string(), value: z.string(), line: z.number().int() })),
  expose: z.array(z.number().int()),
});
export type DockerfileFact = z.infer<typeof DockerfileFactSchema>;

/** One source file: its language and size, the base of lines-of-code per service. */
export const SourceFileFactSchema = z.object({
  kind: z.literal('source-file'),
  ...base,
  language: z.string(),
  loc: z.number().int().describe('Non-blank lines.'),
  counted: z.boolean().describe('False for tests, generated code and minified bundles.'),
});
export type SourceFileFact = z.infer<typeof SourceFileFactSchema>;

/** A CODEOWNERS rule: files matching `pattern` belong to `owners`. */
export const OwnershipFactSchema = z.object({
  kind: z.literal('ownership'),
  ...base,
  pattern: z.string(),
  owners: z.array(z.string()),
});
export type OwnershipFact = z.infer<typeof OwnershipFactSchema>;

/** `// archreview-ignore <rule-id>[, <rule-id>]: reason` (or `#` in YAML and Dockerfiles): findings on this or the next line are suppressed. */
export const SuppressionFactSchema = z.object({
  kind: z.literal('suppression'),
  ...base,
  rules: z.array(z.string()),
  reason: z.string().nullable(),
});
export type SuppressionFact = z.infer<typeof SuppressionFactSchema>;

export const FactSchema = z.discriminatedUnion('kind', [
  ManifestServiceFactSchema,
  ManifestEnvFactSchema,
  NetworkServiceFactSchema,
  ProbeFactSchema,
  ResourcesFactSchema,
  AutoscalerFactSchema,
  RouteFactSchema,
  DockerfileFactSchema,
  SourceFileFactSchema,
  OwnershipFactSchema,
  SuppressionFactSchema,
  ...CODE_FACT_SCHEMAS,
  ...MESSAGING_FACT_SCHEMAS,
  ...DATA_FACT_SCHEMAS,
  ...QUALITY_FACT_SCHEMAS,
  ...SERVER_FACT_SCHEMAS,
  ...RESILIENCE_FACT_SCHEMAS,
]);
export type Fact = z.infer<typeof FactSchema>;
export type FactKind = Fact['kind'];
export type FactOf<K extends FactKind> = Extract<Fact, { kind: K }>;
