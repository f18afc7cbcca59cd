import type { Report } from '../types/index.js';
import { appendixSection } from './markdown/appendix.js';
import { checklistSection } from './markdown/checklist.js';
import { createContext } from './markdown/context.js';
import { currentStateSection } from './markdown/current-state.js';
import { mdCode, mdText } from './markdown/escape.js';
import { failureModesSection } from './markdown/failure-modes.js';
import { findingsSection } from './markdown/findings.js';
import { inventorySection } from './markdown/inventory.js';
import { migrationSection } from './markdown/migration.js';
import { recommendationsSection } from './markdown/recommendations.js';
import { scorecardSection } from './markdown/scorecard.js';
import { summarySection } from './markdown/summary.js';
import type { Reporter } from './reporter.js';
import type { RuleAwareOptions } from './rule-meta.js';

const CONTENTS = [
  ['Summary', 'summary'],
  ['Current state', 'current-state'],
  ['Inventory', 'inventory'],
  ['Findings', 'findings'],
  ['Failure-mode analysis', 'failure-mode-analysis'],
  ['Production checklist', 'production-checklist'],
  ['Split-or-stay scorecard', 'split-or-stay-scorecard'],
  ['Prioritized recommendations', 'prioritized-recommendations'],
  ['Migration sequence', 'migration-sequence'],
  ['Appendix', 'appendix'],
] as const;

/** The review as Markdown: a document for the client, from the Report alone. */
export function renderMarkdown(report: Report, options: RuleAwareOptions): string {
  const ctx = createContext(report, options);
  const commit = report.generatedFrom.commit ? ` at commit ${mdCode(report.generatedFrom.commit.slice(0, 12))}` : '';
  const parts = [
    `# Architecture review: ${mdText(report.root)}`,
    `*Written by archreview ${mdText(report.tool.version)} from the repository${commit}: ${report.generatedFrom.manifests.length} manifests and ${report.generatedFrom.sourceFiles} source files.*`,
    CONTENTS.map(([title, anchor], i) => `${i + 1}. [${title}](#${anchor})`).join('\n'),
    summarySection(ctx),
    currentStateSection(ctx),
    inventorySection(ctx),
    findingsSection(ctx),
    failureModesSection(ctx),
    checklistSection(ctx),
    scorecardSection(ctx),
    recommendationsSection(ctx),
    migrationSection(ctx),
    appendixSection(ctx),
  ];
  return `${parts.join('\n\n')}\n`;
}

/** `report.md`. */
export const markdownReporter: Reporter = (report, options: RuleAwareOptions) => ({ file: { name: 'report.md', content: renderMarkdown(report, options) } });
