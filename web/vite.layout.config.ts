import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The layout code as a Node module (dist/web/layout.js, dagre bundled in): the html reporter
 * imports it to lay out the first view when it writes report.html, so the CLI and the
 * browser share one implementation and the CLI needs neither svelte nor vite at run time.
 */
export default defineConfig({
  root: here,
  logLevel: 'warn',
  build: {
    outDir: path.resolve(here, '../dist/web'),
    emptyOutDir: false,
    target: 'node20',
    minify: true,
    reportCompressedSize: false,
    lib: { entry: path.resolve(here, 'src/layout/index.ts'), formats: ['es'], fileName: () => 'layout.js' },
  },
});
