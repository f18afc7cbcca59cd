/**
 * The parse floor of a tree: every TypeScript/JavaScript file read, parsed with
 * `ts.createSourceFile` and walked once with `ts.forEachChild`, on one thread: what any
 * syntactic analyzer of these files must at least spend. Run alone:
 *
 *   npx tsx scripts/bench/parse-floor.ts <folder>
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ts } from 'ts-morph';

const SOURCE = /\.(ts|tsx|js|jsx|mjs|cjs)$/;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(full, out);
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Seconds to read, parse and walk every source file under `dir`, and how many files. */
export function parseFloor(dir: string): { seconds: number; files: number } {
  const files = sourceFiles(dir).sort();
  const start = performance.now();
  let nodes = 0;
  const walk = (node: ts.Node): void => {
    nodes++;
    ts.forEachChild(node, walk);
  };
  for (const file of files) walk(ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false));
  if (nodes < files.length) throw new Error('walked fewer nodes than files');
  return { seconds: (performance.now() - start) / 1000, files: files.length };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = parseFloor(process.argv[2] ?? '.');
  console.log(`${result.files} files read, parsed and walked in ${result.seconds.toFixed(2)} s on one thread`);
}
