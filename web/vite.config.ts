import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Adds a strict Content-Security-Policy to the single-file page: no remote sources at all,
 * the inlined script and style allowed by their SHA-256 hashes (no 'unsafe-inline', no eval),
 * and Blob workers for the layout worker. Runs after vite-plugin-singlefile has inlined them.
 */
function contentSecurityPolicy(): Plugin {
  const hash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
  return {
    name: 'archreview:csp',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        for (const asset of Object.values(bundle)) {
          if (asset.type !== 'asset' || !asset.fileName.endsWith('.html')) continue;
          const html = String(asset.source);
          const scripts = [...html.matchAll(/<script type="module"[^>]*>([\s\S]*?)<\/script>/g)].map((m) => hash(m[1]!));
          const styles = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => hash(m[1]!));
          if (!scripts.length) this.error('no inline module script found to hash');
          const policy = [
            "default-src 'none'",
            `script-src ${scripts.join(' ')}`,
            `style-src ${styles.join(' ') || "'none'"}`,
            'img-src data:',
            'font-src data:',
            'worker-src blob:',
            "connect-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
          ].join('; ');
          const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
          if (!html.includes('<!-- csp -->')) this.error('index.html has no <!-- csp --> marker');
          asset.source = html.replace('<!-- csp -->', () => meta);
        }
      },
    },
  };
}

/** The viewer as one self-contained HTML file: dist/web/index.html, the template the html reporter fills. */
export default defineConfig({
  root: here,
  base: './',
  logLevel: 'warn',
  plugins: [svelte(), viteSingleFile({ removeViteModuleLoader: true }), contentSecurityPolicy()],
  // A classic worker: module workers from a Blob do not start on file:// pages (opaque origin).
  worker: { format: 'iife' },
  build: {
    outDir: path.resolve(here, '../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    chunkSizeWarningLimit: 2000,
  },
});
