import type { CallTarget, Location, SymString } from '../../types/index.js';
import type { DedupeGuardFact, MessageSchemaFact, ValidatedArgFact } from '../../types/messaging-facts.js';
import type { ConsumerDedupe, PayloadValidation } from '../../types/messaging-links.js';
import { reachable, resolveTarget, type CallGraph, type PathStep, type Reached } from './call-graph.js';

/** A call on the path that supplied a parameter: where a wrapper was called with the literal name. */
export interface Site {
  file: string;
  line: number;
  step: PathStep;
  /** The argument position at that call. */
  arg: number;
}

/**
 * Where a value that is a parameter got its argument: following `{ param, fn }` back along
 * the call path, through wrappers that pass it on, to the call that wrote it. Null when the
 * value is no parameter (the library call names it itself) or the path does not say.
 */
export function liftSite(reached: Reached, sym: SymString | null | undefined): Site | null {
  type Param = { param: number; fn?: string };
  const isParam = (p: SymString[number]): p is Param & SymString[number] => 'param' in p;
  let part: Param | undefined = sym?.find(isParam);
  const path = reached.path;
  if (!part || !path) return null;
  let end = path.length;
  let best: Site | null = null;
  for (;;) {
    const fn = part.fn;
    let index = -1;
    for (let i = end - 1; i >= 0; i--) {
      if (path[i]!.scope === fn) {
        index = i;
        break;
      }
    }
    if (index < 0) return best;
    const step = path[index]!;
    best = { file: step.file, line: step.call.line, step, arg: part.param };
    const next: Param | undefined = step.call.args[part.param]?.find(isParam);
    if (!next) return best;
    part = next;
    end = index;
  }
}

/** Lifts each parameter a payload was built from to the call that passed it. */
export function payloadSites(reached: Reached, payloadFrom: readonly SymString[]): Site[] {
  return payloadFrom.map((source) => liftSite(reached, source)).filter((s): s is Site => s !== null);
}

/** Scope ids of the functions a value names: `{ scope }` parts, imported functions (`{ ref }`). */
export function functionScopes(graph: CallGraph, file: string, value: SymString | null | undefined): string[] {
  const out: string[] = [];
  for (const part of value ?? []) {
    if ('scope' in part) out.push(part.scope);
    else if ('ref' in part) {
      const target: CallTarget = { module: part.ref.module, name: part.ref.name, ...(part.ref.path[0] ? { member: part.ref.path[0] } : {}) };
      const resolved = resolveTarget(graph, part.ref.from ?? file, target);
      if (resolved && 'scope' in resolved) out.push(resolved.scope);
    }
  }
  return out;
}

/** How validated arguments are looked up and their schemas confirmed. */
export class Validations {
  private readonly args = new Map<string, ValidatedArgFact[]>();
  private readonly schemas = new Map<string, MessageSchemaFact>();

  constructor(
    args: readonly ValidatedArgFact[],
    schemas: readonly MessageSchemaFact[],
    private readonly graph: CallGraph,
  ) {
    for (const a of args) {
      const key = `${a.file}:${a.line}:${a.arg}`;
      this.args.set(key, [...(this.args.get(key) ?? []), a]);
    }
    for (const s of schemas) this.schemas.set(`${s.file}#${s.name}`, s);
  }

  /** The validation of argument `arg` of the call at file:line, when its schema is known to be one. */
  at(file: string, line: number, arg: number): PayloadValidation | null {
    for (const fact of this.args.get(`${file}:${line}:${arg}`) ?? []) {
      const schemaFile = fact.schema?.module ? this.graph.resolver.resolve(file, fact.schema.module) : file;
      const schema = fact.schema && schemaFile ? this.schemas.get(`${schemaFile}#${fact.schema.name}`) : undefined;
      const library = fact.validator ?? schema?.library;
      if (library) return { library, schema: fact.schema ? [fact.schema.name, fact.schema.member].filter(Boolean).join('.') : null, method: fact.method, location: { file, line: fact.checkedAt } };
    }
    return null;
  }
}

/** The first dedupe guard (by file and line) any of the handlers reaches. */
export function dedupeOf(graph: CallGraph, handlers: readonly string[], files: ReadonlySet<string>): ConsumerDedupe | null {
  const guards: DedupeGuardFact[] = [];
  for (const handler of handlers) {
    for (const r of reachable(graph, handler)) if (r.fact.kind === 'dedupe-guard' && files.has(r.fact.file)) guards.push(r.fact);
  }
  guards.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  const first = guards[0];
  if (!first) return null;
  const location: Location = first.line ? { file: first.file, line: first.line } : { file: first.file };
  return { how: first.how, detail: first.detail, location };
}
