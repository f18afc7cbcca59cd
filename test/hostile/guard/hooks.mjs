// ES module hooks of the test guard (registered by preload.cjs): refuse to import any module
// from the analyzed folder, and record the attempt in the guard log.
import { appendFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root = null;
let log = null;

export function initialize(data) {
  root = data.root;
  log = data.log;
}

function check(kind, url) {
  if (!root || !url.startsWith('file:')) return;
  const file = fileURLToPath(url);
  let target = file;
  try {
    target = realpathSync(file);
  } catch {
    /* not there: the loader will say so */
  }
  const inside = (p) => p === root || p.startsWith(root + path.sep);
  if (inside(target) || inside(file)) {
    appendFileSync(log, `${JSON.stringify({ kind, detail: target, pid: process.pid })}\n`);
    throw new Error(`archreview test guard: ${kind}: ${target}`);
  }
}

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  check('import', result.url);
  return result;
}

export async function load(url, context, next) {
  check('import-load', url);
  return next(url, context);
}
