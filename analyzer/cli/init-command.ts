import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_TEMPLATE } from '../config/config-template.js';
import { UsageError } from './usage-error.js';

/** `archreview init [path]`: writes a commented archreview.yaml. */
export function runInit(target: string, options: { force?: boolean }): number {
  const dir = path.resolve(target);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`not a folder: ${target}`);
  const file = path.join(dir, 'archreview.yaml');
  if (existsSync(file) && !options.force) throw new UsageError(`${path.relative(process.cwd(), file) || file} already exists (use --force to overwrite)`);
  writeFileSync(file, CONFIG_TEMPLATE);
  process.stdout.write(`Wrote ${path.relative(process.cwd(), file) || file}\n`);
  return 0;
}
