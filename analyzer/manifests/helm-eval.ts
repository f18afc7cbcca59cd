import type { Command, Operand, Pipeline } from './helm-expr-parse.js';
import { FUNCTIONS } from './helm-functions.js';
import { CannotRender, field, UNKNOWN } from './helm-values.js';

/** Where an expression runs: the dot, the variables of the enclosing blocks, and `$`. */
export interface Scope {
  dot: unknown;
  vars: Map<string, unknown>;
  parent?: Scope;
}

export interface EvalEnv {
  /** The top-level context: `.Values`, `.Chart`, `.Release`, ... */
  root: Record<string, unknown>;
  /** `include "name" arg`: the rendered text of a known helper, or undefined when it is not known. */
  include(name: string): string | undefined;
}

export function childScope(parent: Scope, dot: unknown = parent.dot): Scope {
  return { dot, vars: new Map(), parent };
}

function lookupVar(scope: Scope, name: string, env: EvalEnv): unknown {
  if (name === '$') return env.root;
  for (let s: Scope | undefined = scope; s; s = s.parent) if (s.vars.has(name)) return s.vars.get(name);
  throw new CannotRender();
}

function assignVar(scope: Scope, name: string, value: unknown): void {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    if (s.vars.has(name)) {
      s.vars.set(name, value);
      return;
    }
  }
  throw new CannotRender();
}

function walk(value: unknown, path: readonly string[]): unknown {
  let cur = value;
  for (const key of path) cur = field(cur, key);
  if (cur === UNKNOWN) throw new CannotRender();
  return cur;
}

function operandValue(operand: Operand, scope: Scope, env: EvalEnv): unknown {
  switch (operand.kind) {
    case 'literal':
      return operand.value;
    case 'field':
      return walk(operand.variable === undefined ? scope.dot : lookupVar(scope, operand.variable, env), operand.path);
    case 'paren':
      return walk(evalPipeline(operand.pipeline, scope, env, false), operand.path);
    case 'ident':
      return callFunction(operand.name, [], env);
  }
}

function callFunction(name: string, args: unknown[], env: EvalEnv): unknown {
  if (name === 'include') {
    const target = args[0];
    if (typeof target !== 'string') throw new CannotRender();
    const text = env.include(target);
    if (text === undefined) throw new CannotRender();
    return text;
  }
  const fn = FUNCTIONS.get(name);
  if (!fn) throw new CannotRender();
  return fn(args);
}

const NO_VALUE: unique symbol = Symbol('no value');

function runCommand(command: Command, piped: unknown, scope: Scope, env: EvalEnv): unknown {
  const [head, ...rest] = command.operands;
  if (!head) throw new CannotRender();
  if (head.kind === 'ident') {
    const args = rest.map((o) => operandValue(o, scope, env));
    if (piped !== NO_VALUE) args.push(piped);
    return callFunction(head.name, args, env);
  }
  // A field with arguments is a method call (.Files.Get "x"); piping into a value is an error in Go.
  if (rest.length || piped !== NO_VALUE) throw new CannotRender();
  return operandValue(head, scope, env);
}

/**
 * Evaluates a pipeline. `declare` says whether its variables are set in `scope` (an action
 * `{{ $x := ... }}`); block conditions declare into the block's own scope instead.
 * Throws CannotRender when any part needs Helm, a cluster or files.
 */
export function evalPipeline(pipeline: Pipeline, scope: Scope, env: EvalEnv, declare = true): unknown {
  let value: unknown = NO_VALUE;
  for (const command of pipeline.commands) value = runCommand(command, value, scope, env);
  if (value === NO_VALUE || value === UNKNOWN) throw new CannotRender();
  if (declare && pipeline.variables.length === 1) {
    const name = pipeline.variables[0] ?? '$';
    if (pipeline.assign) assignVar(scope, name, value);
    else scope.vars.set(name, value);
  }
  return value;
}
