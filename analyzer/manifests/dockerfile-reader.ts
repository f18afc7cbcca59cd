import path from 'node:path';
import type { DockerfileFact, Fact } from '../types/index.js';
import { DEFAULT_MAX_EXPANSION, ExpansionBudget, expansionDiagnostic, interpolate } from './interpolate.js';
import type { ReaderContext } from './reader-context.js';

/** Reads every Dockerfile: base image of each stage, ENV entries, EXPOSEd ports. */
export function readDockerfiles(ctx: ReaderContext): { facts: Fact[]; files: string[] } {
  const facts: Fact[] = [];
  const files: string[] = [];
  for (const file of ctx.files) {
    if (file.category !== 'dockerfile') continue;
    const text = ctx.read(file.path);
    if (text === null) continue;
    const limit = ctx.config.limits?.maxExpansionBytes ?? DEFAULT_MAX_EXPANSION;
    facts.push(parseDockerfile(text, file.path, new ExpansionBudget(limit, () => ctx.diagnostics.push(expansionDiagnostic(file.path, limit)))));
    files.push(file.path);
  }
  return { facts, files };
}

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split(/\r?\n/);
  let current: Instruction | null = null;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const trimmed = raw.trim();
    if (!current && (trimmed === '' || trimmed.startsWith('#'))) continue;
    if (current && trimmed.startsWith('#')) continue;
    const continues = /\\\s*$/.test(raw);
    const body = continues ? raw.replace(/\\\s*$/, '') : raw;
    if (current) current.args += ` ${body.trim()}`;
    else {
      const m = /^\s*([A-Za-z]+)\s*(.*)$/.exec(body);
      if (!m) continue;
      current = { keyword: (m[1] ?? '').toUpperCase(), args: (m[2] ?? '').trim(), line: i + 1 };
    }
    if (!continues) {
      out.push(current);
      current = null;
    }
  }
  if (current) out.push(current);
  return out;
}

/** Splits `a=b c="d e"` (or legacy `KEY value with spaces`) into pairs. */
function envPairs(args: string): [string, string][] {
  if (!/^[^\s=]+=/.test(args)) {
    const m = /^(\S+)\s+(.*)$/.exec(args);
    return m ? [[m[1] ?? '', unquote(m[2] ?? '')]] : [];
  }
  const pairs: [string, string][] = [];
  const re = /([^\s=]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g;
  for (const m of args.matchAll(re)) pairs.push([m[1] ?? '', unquote(m[2] ?? '')]);
  return pairs;
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) {
    return v.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return v;
}

export function parseDockerfile(text: string, file: string, budget?: ExpansionBudget): DockerfileFact {
  const args = new Map<string, string>();
  const stages: { image: string; alias?: string }[] = [];
  let env: DockerfileFact['env'] = [];
  let expose: number[] = [];
  let fromLine: number | undefined;
  for (const ins of instructions(text)) {
    switch (ins.keyword) {
      case 'ARG': {
        const [name, value] = ins.args.split('=');
        if (name && value !== undefined && stages.length === 0) args.set(name.trim(), unquote(value));
        break;
      }
      case 'FROM': {
        const parts = ins.args.split(/\s+/).filter((p) => !p.startsWith('--'));
        const image = interpolate(parts[0] ?? '', { lookup: (n) => args.get(n), budget });
        const alias = parts[1]?.toLowerCase() === 'as' ? parts[2] : undefined;
        const earlier = stages.find((s) => s.alias === image);
        stages.push({ image: earlier ? earlier.image : image, alias });
        env = [];
        expose = [];
        fromLine = ins.line;
        break;
      }
      case 'ENV':
        for (const [name, value] of envPairs(ins.args)) env.push({ name, value, line: ins.line });
        break;
      case 'EXPOSE':
        for (const token of ins.args.split(/\s+/)) {
          const port = Number.parseInt(token, 10);
          if (Number.isInteger(port) && port > 0) expose.push(port);
        }
        break;
      default:
        break;
    }
  }
  const dir = path.posix.dirname(file);
  return {
    kind: 'dockerfile',
    file,
    line: fromLine,
    library: 'dockerfile',
    dir: dir === '.' ? '' : dir,
    baseImage: stages[stages.length - 1]?.image,
    stageImages: stages.map((s) => s.image),
    env,
    expose,
  };
}
