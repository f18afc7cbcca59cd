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

const SignalValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const ImpactSchema = z.enum(['high', 'medium', 'low']);

export const HeuristicSchema = z
  .object({
    id: z.string(),
    group: z
      .enum(['against-split', 'for-split', 'decision-matrix', 'size', 'coupling'])
      .describe('against-split: microservices are usually wrong when it holds; for-split: they are right when it holds; decision-matrix: one row of the five-question split matrix; size and coupling: where boundaries look wrong.'),
    label: z.string().describe('The heuristic as a statement about this system, which holds or not.'),
    input: SignalValueSchema.describe('The value it was decided on; null when unknown.'),
    source: SignalSourceSchema,
    holds: z.boolean().nullable().describe('Null when the input is unknown.'),
    evidence: z.array(z.string()),
  })
  .meta({ id: 'Heuristic' });
export type Heuristic = z.infer<typeof HeuristicSchema>;

export const CandidateSchema = z
  .object({
    kind: z.enum(['extract', 'merge']),
    name: z.string().describe('extract: the module cluster (its main folder); merge: the services joined with +.'),
    service: z.string().nullable().describe('extract: the service (name) the cluster lives in; null when the repository is one deployable without a manifest.'),
    members: z.array(z.string()).describe('extract: the folders of the cluster; merge: the services to merge.'),
    rank: z.number().int().describe('1 is the one to do first.'),
    metrics: z.record(z.string(), z.number()),
    reasons: z.array(z.string()),
  })
  .meta({ id: 'Candidate' });
export type Candidate = z.infer<typeof CandidateSchema>;

export const ChangeCouplingSchema = z
  .object({
    a: z.string(),
    b: z.string(),
    support: z.number().int().describe('Commits that changed both services.'),
    revisionsA: z.number().int(),
    revisionsB: z.number().int(),
    confidenceAB: z.number().describe('support / revisionsA: how often a change to a also changed b.'),
    confidenceBA: z.number().describe('support / revisionsB.'),
    degree: z.number().describe('support / the mean of revisionsA and revisionsB (CodeScene\'s degree of coupling).'),
    strong: z.boolean(),
  })
  .meta({ id: 'ChangeCoupling' });
export type ChangeCoupling = z.infer<typeof ChangeCouplingSchema>;

export const HistorySummarySchema = z
  .object({
    head: z.string(),
    headDate: z.string().describe('Date (YYYY-MM-DD, UTC) of HEAD\'s commit: the end of every time window.'),
    windowDays: z.number().int(),
    commitsRead: z.number().int(),
    bounded: z.boolean().describe('Older commits exist that were not read.'),
    shallow: z.boolean(),
    activeAuthors: z.number().int().describe('Distinct authors of commits in the window.'),
    services: z.array(
      z.object({
        service: z.string(),
        revisions: z.number().int().describe('Commits read that changed the service.'),
        commitsInWindow: z.number().int(),
        commitsPerWeek: z.number(),
        authors: z.array(z.string()).describe('Authors active on the service in the window.'),
      }),
    ),
    coupling: z.array(ChangeCouplingSchema),
    couplingSkipped: z.number().int().describe('Sweeping commits left out of change coupling.'),
    releases: z.object({ tags: z.number().int(), inWindow: z.number().int(), perWeek: z.number().nullable() }),
  })
  .meta({ id: 'HistorySummary' });
export type HistorySummary = z.infer<typeof HistorySummarySchema>;

export const ModuleClusterSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(['candidate', 'shared-kernel', 'small']).describe('shared-kernel: most other clusters import it; small: too small to stand alone.'),
    folders: z.array(z.string()),
    files: z.number().int(),
    loc: z.number().int(),
    internalImports: z.number().int(),
    importsOut: z.number().int(),
    importsIn: z.number().int(),
    cohesion: z.number().describe('Internal imports / every import that touches the cluster (imports of the shared kernel and from entry points left out).'),
    dependents: z.array(z.string()).describe('Clusters that import this one.'),
    tables: z.array(z.string()),
    sharedTables: z.array(z.string()).describe('Tables other clusters use too.'),
  })
  .meta({ id: 'ModuleCluster' });
export type ModuleCluster = z.infer<typeof ModuleClusterSchema>;

export const ModuleAnalysisSchema = z
  .object({
    service: z.string().nullable().describe('Service (name) analyzed; null for a repository without manifests.'),
    files: z.number().int(),
    imports: z.number().int(),
    modularity: z.number().describe('Louvain modularity of the clustering (0: no structure, towards 1: clear clusters).'),
    clusters: z.array(ModuleClusterSchema),
    tablesMeasured: z.boolean(),
    notes: z.array(z.string()),
  })
  .meta({ id: 'ModuleAnalysis' });
export type ModuleAnalysis = z.infer<typeof ModuleAnalysisSchema>;

export const RecommendationSchema = z
  .object({
    id: z.string().describe('R1, R2, ... in priority order.'),
    action: z.string(),
    impact: ImpactSchema,
    effort: z.enum(['small', 'medium', 'large']),
    risk: z.enum(['low', 'medium', 'high']),
    where: z.array(z.string()).describe('Service (or node) names.'),
    basis: z
      .array(z.string())
      .describe('What it rests on: finding:<fingerprint>, checklist:<item>, heuristic:<id>, candidate:<name>.'),
    source: z.enum(['finding', 'checklist', 'scorecard']),
    kind: z.enum(['fix', 'data', 'shape', 'inputs']).describe('fix: a finding or check; data: give data one owner; shape: merge, fold or extract; inputs: declare what only people know.'),
    ruleId: z.string().optional(),
    item: z.string().optional(),
    category: z.string().optional(),
  })
  .meta({ id: 'Recommendation' });
export type Recommendation = z.infer<typeof RecommendationSchema>;

export const MigrationStepSchema = z
  .object({
    step: z.number().int(),
    title: z.string(),
    action: z.string(),
    recommendations: z.array(z.string()).describe('Ids of the recommendations done in this step.'),
    evidence: z.array(z.string()),
  })
  .meta({ id: 'MigrationStep' });
export type MigrationStep = z.infer<typeof MigrationStepSchema>;

export const ScoreSchema = z
  .object({
    verdict: z.enum(['stay-monolith', 'modular-monolith', 'extract', 'keep-services', 'consolidate', 'unknown']),
    confidence: z.enum(['low', 'medium', 'high']),
    reasons: z.array(z.string()).describe('What decided the verdict, most decisive first.'),
    unknowns: z.array(z.string()).default([]).describe('Inputs of the heuristics that are unknown (labels).'),
    signals: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        value: SignalValueSchema,
        source: SignalSourceSchema,
        evidence: z.array(z.string()),
      }),
    ),
    heuristics: z.array(HeuristicSchema).default([]),
    candidates: z.array(CandidateSchema).default([]).describe('What the verdict names: clusters to extract or services to merge, in order.'),
    history: HistorySummarySchema.nullable().default(null).describe('Signals from git history; null when there is none.'),
    modules: z.array(ModuleAnalysisSchema).default([]).describe('Module clusters of one-deployable systems and of large services.'),
    checklist: z.array(
      z.object({
        service: z.string(),
        item: z.string(),
        status: z.enum(['pass', 'fail', 'unknown']),
        evidence: z.string(),
      }),
    ),
    recommendations: z.array(RecommendationSchema).default([]),
    migration: z.array(MigrationStepSchema).default([]),
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
