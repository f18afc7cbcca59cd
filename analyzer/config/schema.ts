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
  })
  .meta({ id: 'ArchreviewConfig', title: 'archreview.yaml' });

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

export const DEFAULT_CONFIG: Config = ConfigSchema.parse({});
