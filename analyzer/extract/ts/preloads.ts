import path from 'node:path';
import type { FileRef } from '../../discover/index.js';
import { preloadedModules, type RuntimePreloadFact } from '../../types/quality-facts.js';

/** Scripts that start the application in production (not `dev`, `test`, `build`). */
const START_SCRIPT = /^(start|serve|prod)(:|$)/;

/** Words of a command: a JSON exec form (`["node", "-r", "x"]`) or a shell line with quotes. */
function words(command: string): string[] {
  const trimmed = command.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed.filter((w): w is string => typeof w === 'string').flatMap((w) => (/\s/.test(w) ? words(w) : [w]));
    } catch {
      // not JSON: read it as a shell line
    }
  }
  const out: string[] = [];
  for (const m of trimmed.matchAll(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g)) out.push(m[0].replace(/["']/g, ''));
  return out;
}

/** Preloaded modules of a command, also inside an inline `NODE_OPTIONS=...`. */
function preloadsIn(command: string): { flag: string; module: string }[] {
  return preloadedModules(words(command).flatMap((w) => (/^NODE_OPTIONS=/.test(w) ? w.slice('NODE_OPTIONS='.length).split(/\s+/) : [w])));
}

/** The last CMD and ENTRYPOINT of a Dockerfile (Docker uses the last of each), with their lines; continuation lines joined. */
function dockerCommands(text: string): { via: string; line: number; command: string }[] {
  const lines = text.split(/\r?\n/);
  const found = new Map<string, { via: string; line: number; command: string }>();
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*(CMD|ENTRYPOINT|FROM)\b(.*)$/i.exec(lines[i]!);
    if (!m) continue;
    const instruction = m[1]!.toUpperCase();
    if (instruction === 'FROM') {
      found.clear();
      continue;
    }
    let command = m[2]!;
    const start = i;
    while (command.trimEnd().endsWith('\\') && i + 1 < lines.length) command = `${command.trimEnd().slice(0, -1)} ${lines[++i]}`;
    found.set(instruction, { via: instruction, line: start + 1, command });
  }
  return [...found.values()];
}

/** Each script of package.json that starts the application, with the line of its key. */
function startScripts(text: string): { via: string; line: number; command: string }[] {
  let json: { scripts?: Record<string, unknown> };
  try {
    json = JSON.parse(text) as { scripts?: Record<string, unknown> };
  } catch {
    return [];
  }
  const out: { via: string; line: number; command: string }[] = [];
  for (const [name, command] of Object.entries(json.scripts ?? {})) {
    if (!START_SCRIPT.test(name) || typeof command !== 'string') continue;
    const at = text.indexOf(JSON.stringify(name));
    out.push({ via: name, line: at < 0 ? 1 : text.slice(0, at).split('\n').length, command });
  }
  return out;
}

/**
 * Modules preloaded by how a service starts: `node --require @opentelemetry/auto-instrumentations-node/register`
 * or `--import ./dist/tracing.js` in a Dockerfile's final CMD/ENTRYPOINT or a package.json start
 * script (`NODE_OPTIONS` inline included). `NODE_OPTIONS` set in manifests and Dockerfile `ENV`
 * is read by the link stage from the environment facts.
 */
export function readPreloads(files: readonly FileRef[], read: (rel: string) => string | null): RuntimePreloadFact[] {
  const facts: RuntimePreloadFact[] = [];
  for (const file of files) {
    const base = path.posix.basename(file.path);
    const docker = file.category === 'dockerfile';
    if (!docker && base !== 'package.json') continue;
    if (!docker && file.path.split('/').includes('node_modules')) continue;
    const text = read(file.path);
    if (text === null) continue;
    const dir = path.posix.dirname(file.path) === '.' ? '' : path.posix.dirname(file.path);
    for (const { via, line, command } of docker ? dockerCommands(text) : startScripts(text)) {
      for (const { flag, module } of preloadsIn(command)) {
        facts.push({ kind: 'runtime-preload', file: file.path, line, library: docker ? 'dockerfile' : 'package.json', dir, flag, module, via });
      }
    }
  }
  return facts;
}

export { preloadsIn };
