import { childScope, evalPipeline, type EvalEnv, type Scope } from './helm-eval.js';
import { RenderedOutput } from './helm-output.js';
import { lexTemplate, type ActionToken } from './helm-template-lexer.js';
import { buildTemplateTree, type TemplateNode } from './helm-template-tree.js';
import { CannotRender, toText, truthy } from './helm-values.js';
import { isRecord } from './yaml-source.js';

export interface RenderLimits {
  /** Characters of output per template; rendering stops beyond it. */
  maxOutput: number;
  /** `range` iterations per template, nested ones included. */
  maxIterations: number;
}

export const DEFAULT_RENDER_LIMITS: RenderLimits = { maxOutput: 5 * 1024 * 1024, maxIterations: 10_000 };

/** An action that could not be rendered, as written (shortened), and its template line. */
export interface Unrendered {
  expression: string;
  line: number;
}

export interface RenderResult {
  text: string;
  /** `lines[i]` is the template line that rendered line `i + 1` came from. */
  lines: number[];
  /** Distinct unrendered actions, in template order of first occurrence. */
  unrendered: Unrendered[];
  /** An `if`/`with` whose condition could not be evaluated was rendered as if true. */
  keptBranch: boolean;
  /** A `range` over something that could not be evaluated was skipped. */
  skippedRange: boolean;
  /** Output hit `maxOutput`; the rest was dropped. */
  truncated: boolean;
  /** Template line being rendered when output stopped. */
  stoppedAt?: number;
}

interface State {
  env: EvalEnv;
  out: RenderedOutput;
  limits: RenderLimits;
  iterations: number;
  /** Set when the iteration limit is hit: nothing more is rendered. */
  halted: boolean;
  result: RenderResult;
  seen: Set<string>;
}

function shorten(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > 100 ? `${flat.slice(0, 97)}...` : flat;
}

function fail(st: State, action: ActionToken, note?: string): void {
  const expression = `{{ ${shorten(action.body)} }}${note ? ` (${note})` : ''}`;
  if (st.seen.has(expression)) return;
  st.seen.add(expression);
  st.result.unrendered.push({ expression, line: action.line });
}

function attempt<T>(run: () => T): { ok: true; value: T } | { ok: false } {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    if (error instanceof CannotRender) return { ok: false };
    throw error;
  }
}

function renderNodes(nodes: readonly TemplateNode[], scope: Scope, st: State): void {
  for (const node of nodes) {
    if (st.out.full || st.halted) return;
    switch (node.kind) {
      case 'text':
        st.out.emit(node.text, node.line, true);
        break;
      case 'output': {
        const r = attempt(() => {
          const value = evalPipeline(node.pipeline, scope, st.env);
          return node.pipeline.variables.length ? '' : toText(value);
        });
        if (r.ok) st.out.emit(r.value, node.action.line, false);
        else fail(st, node.action);
        break;
      }
      case 'include': {
        const text = st.env.include(node.name);
        if (text === undefined) fail(st, node.action);
        else st.out.emit(text, node.action.line, false);
        break;
      }
      case 'cond':
        renderCond(node, scope, st);
        break;
      case 'range':
        renderRange(node, scope, st);
        break;
      case 'block': {
        const pipeline = node.pipeline;
        const dot = pipeline ? attempt(() => evalPipeline(pipeline, scope, st.env, false)) : { ok: true as const, value: scope.dot };
        if (!dot.ok) fail(st, node.action);
        renderNodes(node.body, childScope(scope, dot.ok ? dot.value : undefined), st);
        break;
      }
      case 'unreadable':
        fail(st, node.action, node.note);
        break;
    }
  }
}

function renderCond(node: Extract<TemplateNode, { kind: 'cond' }>, scope: Scope, st: State): void {
  for (const clause of node.clauses) {
    const inner = childScope(scope);
    const r = attempt(() => {
      const value = evalPipeline(clause.pipeline, inner, st.env);
      return { value, taken: truthy(value) };
    });
    if (!r.ok) {
      fail(st, clause.action);
      st.result.keptBranch = true;
      if (clause.keyword === 'with') inner.dot = undefined;
      renderNodes(clause.body, inner, st);
      return;
    }
    if (r.value.taken) {
      if (clause.keyword === 'with') inner.dot = r.value.value;
      renderNodes(clause.body, inner, st);
      return;
    }
  }
  if (node.elseBody) renderNodes(node.elseBody, childScope(scope), st);
}

function rangeItems(value: unknown): [unknown, unknown][] | null {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((v, i) => [i, v]);
  if (isRecord(value)) return Object.keys(value).sort().map((k) => [k, value[k]]);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return Array.from({ length: Math.min(value, 100_000) }, (_v, i) => [i, i]);
  return null;
}

function renderRange(node: Extract<TemplateNode, { kind: 'range' }>, scope: Scope, st: State): void {
  const r = attempt(() => evalPipeline(node.pipeline, scope, st.env, false));
  const items = r.ok ? rangeItems(r.value) : null;
  if (!items) {
    fail(st, node.action);
    st.result.skippedRange = true;
    return;
  }
  if (!items.length) {
    if (node.elseBody) renderNodes(node.elseBody, childScope(scope), st);
    return;
  }
  const [first, second] = node.pipeline.variables;
  for (const [key, item] of items) {
    if (++st.iterations > st.limits.maxIterations) {
      fail(st, node.action, `stopped after ${st.limits.maxIterations} iterations, limits.maxTemplateIterations`);
      st.halted = true;
      return;
    }
    const inner = childScope(scope, item);
    if (first !== undefined && second === undefined) inner.vars.set(first, item);
    if (first !== undefined && second !== undefined) {
      inner.vars.set(first, key);
      inner.vars.set(second, item);
    }
    renderNodes(node.body, inner, st);
    if (st.out.full || st.halted) return;
  }
}

/**
 * Renders a chart template best-effort. Not a Go template engine: it knows the actions
 * charts use for images, env, ports and labels; every other action renders as nothing
 * and is listed in `unrendered`. Runs nothing and reads nothing but its input.
 */
export function renderTemplate(source: string, env: EvalEnv, limits: RenderLimits = DEFAULT_RENDER_LIMITS): RenderResult {
  const result: RenderResult = { text: '', lines: [], unrendered: [], keptBranch: false, skippedRange: false, truncated: false };
  const st: State = { env, out: new RenderedOutput(limits.maxOutput), limits, iterations: 0, halted: false, result, seen: new Set() };
  const lexed = lexTemplate(source);
  renderNodes(buildTemplateTree(lexed.tokens), { dot: env.root, vars: new Map() }, st);
  if (lexed.unclosed) fail(st, { kind: 'action', body: lexed.unclosed.body, line: lexed.unclosed.line }, 'not closed');
  result.text = st.out.parts.join('');
  result.lines = st.out.lines;
  if (st.out.full) {
    // Drop the partial last line so the cut does not read as a YAML error of its own.
    const cut = result.text.lastIndexOf('\n');
    result.text = cut < 0 ? '' : result.text.slice(0, cut);
    result.lines = result.lines.slice(0, Math.max(1, result.lines.length - 1));
  }
  result.truncated = st.out.full;
  if (st.out.stoppedAt !== undefined) result.stoppedAt = st.out.stoppedAt;
  return result;
}
