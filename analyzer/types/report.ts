import { z } from 'zod';
import { DiagnosticSchema, LocationSchema, SeveritySchema } from './common.js';

/**
 * The Report JSON (`archreview.json`): archreview's one public, versioned output.
 * Every reporter, the viewer and the baseline read only this. Arrays are sorted and
 * nothing depends on the clock or the machine, so the same input gives the same bytes.
 */
export const SCHEMA_VERSION = 1;

export const EndpointSchema = z
  .object({
    method: z.string().describe('HTTP method in upper case, or EVENT / MESSAGE for message handlers.'),
    path: z.string(),
    mutating: z.boolean().describe('Changes state: a non-GET method, or a GET whose handler writes.'),
    location: LocationSchema.optional(),
    library: z.string().optional(),
  })
  .meta({ id: 'Endpoint' });
export type Endpoint = z.infer<typeof EndpointSchema>;

export const ServiceKindSchema = z.enum(['service', 'gateway', 'external']);
export type ServiceKind = z.infer<typeof ServiceKindSchema>;

export const DeploySchema = z
  .object({
    replicas: z.number().int().nullable().describe('Declared replicas; null when no manifest says.'),
    autoscale: z.object({ min: z.number().int(), max: z.number().int() }).nullable(),
    probes: z.array(z.enum(['liveness', 'readiness', 'startup', 'healthcheck'])).describe('Health checks declared for the workload.'),
    limits: z.boolean().describe('Every container declares CPU or memory limits.'),
    requests: z.boolean().describe('Every container declares CPU or memory requests.'),
    platforms: z.array(z.enum(['docker-compose', 'kubernetes'])).describe('Where the workload is declared to run.'),
    exposure: z
      .array(
        z.object({
          via: z.enum(['published-port', 'load-balancer', 'node-port', 'ingress', 'proxy']),
          detail: z.string(),
          location: LocationSchema.optional(),
        }),
      )
      .describe('How the workload is reachable from outside the system.'),
  })
  .meta({ id: 'Deploy' });
export type Deploy = z.infer<typeof DeploySchema>;

export const ServiceSchema = z
  .object({
    id: z.string(),
    name: z.string().describe('The name the manifests give it: compose service key or workload name.'),
    kind: ServiceKindSchema,
    path: z.string().nullable().describe('Source folder relative to the root, when the repository holds its code.'),
    language: z.string().nullable(),
    loc: z.number().int().nullable().describe('Non-blank source lines in path, excluding tests, generated and vendored code.'),
    image: z.string().nullable(),
    thirdParty: z.boolean().describe('Runs an image the repository does not build (e.g. an auth server).'),
    namespace: z.string().nullable(),
    endpoints: z.array(EndpointSchema),
    owners: z.array(z.string()),
    ports: z.array(z.object({ port: z.number().int(), name: z.string().optional(), protocol: z.string().optional() })).describe('Container ports.'),
    labels: z.record(z.string(), z.string()),
    deploy: DeploySchema,
    declaredIn: z.array(LocationSchema),
  })
  .meta({ id: 'Service' });
export type Service = z.infer<typeof ServiceSchema>;

export const DatastoreRoleSchema = z.enum(['database', 'cache', 'broker', 'search', 'object-store', 'coordination']);
export type DatastoreRole = z.infer<typeof DatastoreRoleSchema>;

export const DatastoreSchema = z
  .object({
    id: z.string(),
    kind: z.string().describe('Engine: postgres, mysql, mongodb, redis, rabbitmq, kafka, ...'),
    role: DatastoreRoleSchema,
    name: z.string(),
    host: z.string(),
    instance: z.string().describe('Server identity (kind + host); datastores sharing it share one server.'),
    database: z.string().nullable(),
    tables: z.array(z.string()),
    image: z.string().nullable(),
    declaredIn: z.array(LocationSchema),
  })
  .meta({ id: 'Datastore' });
export type Datastore = z.infer<typeof DatastoreSchema>;

export const ChannelSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['topic', 'queue', 'exchange', 'subject', 'stream']),
    name: z.string(),
    broker: z.string().nullable().describe('Datastore id of the broker, when known.'),
  })
  .meta({ id: 'Channel' });
export type Channel = z.infer<typeof ChannelSchema>;

export const EdgeKindSchema = z.enum(['http', 'grpc', 'publishes', 'consumes', 'reads', 'writes', 'connects', 'depends-on']);
export type EdgeKind = z.infer<typeof EdgeKindSchema>;

export const EdgeSchema = z
  .object({
    id: z.string(),
    from: z.string(),
    to: z.string(),
    kind: EdgeKindSchema,
    protocol: z.string().nullable().describe('Wire protocol: http, grpc, postgres, amqp, ...'),
    protocolFrom: z.enum(['scheme', 'port-name', 'port-number', 'target-kind', 'variable-name', 'code', 'default']).nullable(),
    database: z.string().nullable(),
    via: z.array(z.string()).describe('How the link is made: env variable names, depends_on, ingress, proxy_pass, ...'),
    declared: z.boolean().describe('Manifests wire this link.'),
    observed: z.boolean().describe('Source code makes this call or access.'),
    tables: z.array(z.string()).optional().describe('Tables (or collections) read or written, for reads/writes edges.'),
    endpoints: z.array(z.string()).optional().describe('Endpoints of the source (`METHOD /path`) whose handling makes this call; empty or absent when no endpoint does.'),
    locations: z.array(LocationSchema),
  })
  .meta({ id: 'Edge' });
export type Edge = z.infer<typeof EdgeSchema>;

export const FindingSchema = z
  .object({
    ruleId: z.string(),
    severity: SeveritySchema,
    category: z.string(),
    message: z.string(),
    subjects: z.array(z.string()).describe('Ids of the nodes the finding is about.'),
    locations: z.array(LocationSchema),
    fingerprint: z.string(),
    suppressed: z.object({ reason: z.string(), location: LocationSchema.optional() }).nullable(),
  })
  .meta({ id: 'Finding' });
export type Finding = z.infer<typeof FindingSchema>;

export const SignalSourceSchema = z.enum(['measured', 'declared', 'proxy', 'unknown']);

export const ScoreSchema = z
  .object({
    verdict: z.enum(['stay-monolith', 'modular-monolith', 'extract', 'keep-services', 'consolidate', 'unknown']),
    confidence: z.enum(['low', 'medium', 'high']),
    reasons: z.array(z.string()),
    signals: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
        source: SignalSourceSchema,
        evidence: z.array(z.string()),
      }),
    ),
    checklist: z.array(
      z.object({
        service: z.string(),
        item: z.string(),
        status: z.enum(['pass', 'fail', 'unknown']),
        evidence: z.string(),
      }),
    ),
  })
  .meta({ id: 'Score' });
export type Score = z.infer<typeof ScoreSchema>;

export const ReportSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    tool: z.object({ name: z.literal('archreview'), version: z.string() }),
    root: z.string().describe('Name of the analyzed folder; every file path is relative to it.'),
    generatedFrom: z.object({
      commit: z.string().nullable().describe('HEAD commit when the root is a git work tree.'),
      manifests: z.array(z.string()).describe('Manifest files that were read.'),
      sourceFiles: z.number().int().describe('Source files seen.'),
    }),
    services: z.array(ServiceSchema),
    datastores: z.array(DatastoreSchema),
    channels: z.array(ChannelSchema),
    edges: z.array(EdgeSchema),
    findings: z.array(FindingSchema),
    score: ScoreSchema,
    diagnostics: z.array(DiagnosticSchema),
  })
  .meta({ id: 'Report', title: 'archreview report' });
export type Report = z.infer<typeof ReportSchema>;
