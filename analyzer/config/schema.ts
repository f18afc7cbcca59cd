import { z } from 'zod';

/** A rule's level in `archreview.yaml`: one of the severities, or `off`. */
export const RuleLevelSchema = z.enum(['off', 'info', 'warn', 'error']);
export type RuleLevel = z.infer<typeof RuleLevelSchema>;

const RuleOptionsSchema = z.record(z.string(), z.unknown());

/** `shared-database: warn`, `sync-fan-out: [error, { threshold: 5 }]` or `{ severity, options }`. */
export const RuleSettingSchema = z.union([
  RuleLevelSchema,
  z.tuple([RuleLevelSchema, RuleOptionsSchema]),
  z.strictObject({ severity: RuleLevelSchema.optional(), options: RuleOptionsSchema.optional() }),
]);
export type RuleSetting = z.infer<typeof RuleSettingSchema>;

export const ServiceOverrideSchema = z.strictObject({
  rename: z.string().min(1).optional().describe('Show the service under this name.'),
  path: z.string().min(1).optional().describe('Source folder of the service, relative to the analyzed root.'),
  external: z.boolean().optional().describe('Treat as a third-party system outside the review.'),
  infra: z
    .union([z.boolean(), z.string()])
    .optional()
    .describe('Treat as infrastructure: true, or the datastore kind (postgres, redis, kafka, ...).'),
  ignore: z.boolean().optional().describe('Leave this service out of the graph.'),
  owners: z.array(z.string()).optional().describe('People or teams who own the service.'),
});
export type ServiceOverride = z.infer<typeof ServiceOverrideSchema>;

/** What only people know; the scorecard shows anything missing as unknown. */
export const OrganizationSchema = z.strictObject({
  engineers: z.number().int().nonnegative().optional().describe('Engineers working on the system.'),
  teams: z.number().int().nonnegative().optional().describe('Teams that own parts of it.'),
  requestsPerDay: z.number().nonnegative().optional().describe('Typical requests per day at the edge.'),
  productMarketFit: z.boolean().optional().describe('The product has found product-market fit.'),
  platformTeam: z.boolean().optional().describe('A team runs the platform (CI/CD, clusters, observability).'),
  complianceScopes: z.array(z.string()).optional().describe('Compliance regimes in scope, e.g. pci, hipaa, gdpr.'),
});
export type Organization = z.infer<typeof OrganizationSchema>;

/** How much git history the scorecard reads. */
export const HistoryOptionsSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Read the git history (authors, commit rates, change coupling, tags). No git process runs when false.'),
  maxCommits: z.number().int().positive().default(5000).describe('Newest commits to read; older ones are left out and the report says so.'),
  windowDays: z.number().int().positive().default(90).describe('Days before the newest commit that count as recent activity.'),
});
export type HistoryOptions = z.infer<typeof HistoryOptionsSchema>;

/**
 * Bounds on what one run reads and computes, so a hostile or broken repository ends in a
 * diagnostic instead of a crash, a hang or an exhausted memory. Every limit hit is reported
 * as a diagnostic naming the file and the limit (`limits.<name>`). The maxima keep a
 * repository's own archreview.yaml from lifting the bounds without end.
 */
export const LimitsSchema = z.strictObject({
  maxFiles: z.number().int().positive().max(5_000_000).default(500_000).describe('Files listed at most; the walk stops beyond and says so.'),
  maxFileBytes: z.number().int().positive().max(256 * 1024 * 1024).default(5 * 1024 * 1024).describe('Bytes of any one file read as text (manifests, env files, package.json, .gitignore, ...); larger files are skipped.'),
  maxSourceBytes: z.number().int().positive().max(64 * 1024 * 1024).default(1024 * 1024).describe('Bytes of a TypeScript/JavaScript file parsed for facts; larger files (bundles) are not parsed.'),
  maxNestingDepth: z.number().int().positive().max(500).default(100).describe('Nesting depth of a YAML document (maps and sequences, aliases expanded) and of nginx blocks; deeper documents are skipped. At most 500, so parsers never run out of stack.'),
  maxYamlNodes: z.number().int().positive().max(100_000_000).default(2_000_000).describe('Values in a YAML document once aliases are expanded (each use of an alias counts its whole value); larger documents are skipped.'),
  maxYamlAliases: z.number().int().nonnegative().max(100_000).default(200).describe('Alias expansion allowed per YAML document (the yaml library\'s maxAliasCount); "billion laughs" documents are refused.'),
  maxExpansionBytes: z.number().int().positive().max(256 * 1024 * 1024).default(4 * 1024 * 1024).describe('Characters variable interpolation may add to one file\'s values (compose ${VAR}, .env, Kubernetes $(VAR)); references beyond it stay as written.'),
  perFileMs: z.number().int().positive().max(600_000).default(10_000).describe('Milliseconds for walking one source file; a file that takes longer is abandoned (its facts dropped). Wall-clock: keep it generous so results do not depend on machine speed.'),
  maxTemplateOutputBytes: z.number().int().positive().max(256 * 1024 * 1024).default(5 * 1024 * 1024).describe('Characters one Helm template may render to; the rest is not read.'),
  maxTemplateIterations: z.number().int().positive().max(10_000_000).default(10_000).describe('range iterations per Helm template, nested ones included.'),
});
export type Limits = z.infer<typeof LimitsSchema>;
export const DEFAULT_LIMITS: Limits = LimitsSchema.parse({});

export const ConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    include: z.array(z.string()).default([]).describe('Globs of files to read; empty means everything.'),
    exclude: z.array(z.string()).default([]).describe('Globs of files to skip, on top of .gitignore and the built-in skips.'),
    services: z.record(z.string(), ServiceOverrideSchema).default({}).describe('Per-service overrides, keyed by the name the manifests use.'),
    rules: z.record(z.string(), RuleSettingSchema).default({}).describe('Per-rule level and options.'),
    organization: OrganizationSchema.default({}),
    history: HistoryOptionsSchema.default({ enabled: true, maxCommits: 5000, windowDays: 90 }),
    kustomize: z
      .strictObject({
        overlays: z.array(z.string()).optional().describe('Kustomization folders to render; default: the top-level ones, preferring production.'),
      })
      .default({}),
    failOn: z.enum(['info', 'warn', 'error', 'never']).optional().describe('Default for --fail-on.'),
    limits: LimitsSchema.default(DEFAULT_LIMITS).describe('Bounds on file sizes, YAML nesting and aliases, interpolation and time per file (see docs/security.md).'),
  })
  .meta({ id: 'ArchreviewConfig', title: 'archreview.yaml' });

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

export const DEFAULT_CONFIG: Config = ConfigSchema.parse({});
