import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Report } from '../../types/index.js';

/** What the html reporter needs from the built viewer: the page template and the layout function. */
export interface ViewerAssets {
  /** dist/web/index.html: the single-file viewer with empty data slots. */
  template: string;
  /** Lays out the first view of the graph; runs in Node from dist/web/layout.js. */
  prepareLayout(report: Report): unknown;
}

/**
 * Where `npm run build` writes the viewer, seen from this module: `dist/web/` beside
 * `dist/analyzer/` in the package, or the repository's `dist/web/` when running from sources.
 */
const CANDIDATES = ['../../../web/', '../../../dist/web/'];

export function viewerDir(): string | undefined {
  for (const candidate of CANDIDATES) {
    const dir = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(`${dir}index.html`) && existsSync(`${dir}layout.js`)) return dir;
  }
  return undefined;
}

/**
 * Loads the viewer that `npm run build` wrote to dist/web. The CLI needs neither svelte nor
 * vite at run time: only these two built files, which the published package contains.
 */
export async function loadViewerAssets(dir: string | undefined = viewerDir()): Promise<ViewerAssets> {
  if (!dir) throw new Error('the HTML viewer is not built (dist/web/index.html and dist/web/layout.js are missing); run npm run build');
  const layout = (await import(pathToFileURL(`${dir}layout.js`).href)) as { prepareLayout?: ViewerAssets['prepareLayout'] };
  if (typeof layout.prepareLayout !== 'function') throw new Error(`${dir}layout.js does not export prepareLayout; run npm run build`);
  return { template: readFileSync(`${dir}index.html`, 'utf8'), prepareLayout: layout.prepareLayout };
}
