import { fillTemplate } from './html/embed.js';
import { loadViewerAssets, type ViewerAssets } from './html/viewer-assets.js';
import { renderMarkdown } from './markdown-reporter.js';
import type { Reporter } from './reporter.js';
import type { RuleAwareOptions } from './rule-meta.js';

/**
 * `report.html`: the built single-file viewer with the Report JSON, the Markdown narrative
 * and the first view's layout embedded. One file, no requests, opens from file://.
 */
export function createHtmlReporter(assets: ViewerAssets): Reporter {
  return (report, options: RuleAwareOptions) => ({
    file: {
      name: 'report.html',
      content: fillTemplate(assets.template, {
        title: `archreview \u00b7 ${report.root}`,
        report,
        narrative: renderMarkdown(report, options),
        layout: assets.prepareLayout(report),
      }),
    },
  });
}

export async function loadHtmlReporter(): Promise<Reporter> {
  return createHtmlReporter(await loadViewerAssets());
}
