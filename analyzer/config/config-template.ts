/** The commented `archreview.yaml` that `archreview init` writes. Every key is optional. */
export const CONFIG_TEMPLATE = `# archreview configuration. Every key is optional; delete what you do not need.
# Editors that read JSON Schema complete and check these keys:
# yaml-language-server: $schema=./node_modules/archreview/schema/config.schema.json

# Files to read and to skip (globs, relative to this folder). .gitignore, node_modules,
# vendor, dist and build folders are always skipped.
include: []
exclude:
  # - "legacy/**"
  # - "**/*.generated.ts"

# Per-service overrides, keyed by the name the manifests use (compose service, workload).
services:
  # auth:
  #   rename: identity          # show it under another name
  #   path: services/identity   # where its code lives, when no build context says
  #   owners: [team-identity]
  # stripe-mock:
  #   external: true            # a third-party system, outside the review
  # my-postgres:
  #   infra: postgres           # an infrastructure image archreview does not recognise
  # debug-shell:
  #   ignore: true              # leave it out of the graph

# Rule levels (off | info | warn | error) and options.
rules:
  # sync-fan-out: [error, { threshold: 5 }]
  # single-replica: off

# What only people know. The split-or-stay scorecard shows anything left out as "unknown".
organization:
  # engineers: 12
  # teams: 3
  # requestsPerDay: 250000
  # productMarketFit: true
  # platformTeam: false
  # complianceScopes: [pci]

# How much git history the scorecard reads (authors, commit rates, change coupling, tags).
history:
  # enabled: true
  # maxCommits: 5000
  # windowDays: 90              # recent activity: the days before the newest commit

# Which kustomize overlays to render when there are several (default: the production one).
kustomize:
  # overlays: [deploy/overlays/production]

# Exit with code 1 when findings at or above this severity exist (info | warn | error | never).
# failOn: error

# Bounds that keep a broken or hostile repository from crashing or hanging the run. Every
# limit hit is a diagnostic naming the file and the limit. See docs/security.md.
limits:
  # maxFiles: 500000              # files listed at most
  # maxFileBytes: 5242880         # bytes of any file read as text (5 MB)
  # maxSourceBytes: 1048576       # bytes of a TS/JS file parsed for facts (1 MB)
  # maxNestingDepth: 100          # nesting of a YAML document or nginx blocks
  # maxYamlNodes: 2000000         # values of a YAML document, aliases expanded
  # maxYamlAliases: 200           # alias expansion per YAML document
  # maxExpansionBytes: 4194304    # characters \${VAR}/$(VAR) interpolation may add per file
  # perFileMs: 10000              # time to walk one source file (wall clock; keep it generous)
  # maxTemplateOutputBytes: 5242880  # characters a Helm template may render to
  # maxTemplateIterations: 10000  # Helm range iterations per template
`;
