import type { CallTarget } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import type { Binding } from '../environment.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap, type Ref } from '../references.js';
import { methodOf, receiverOf } from './messaging-shared.js';

/** Validation libraries and how their packages are named. */
export const VALIDATORS: Record<string, string> = {
  zod: 'zod', joi: 'joi', '@hapi/joi': 'joi', yup: 'yup', ajv: 'ajv', 'class-validator': 'class-validator', superstruct: 'superstruct', valibot: 'valibot',
  '@sinclair/typebox': 'typebox', '@sinclair/typebox/compiler': 'typebox', '@sinclair/typebox/value': 'typebox', '@kafkajs/confluent-schema-registry': 'schema-registry', avsc: 'avsc',
};
/** Methods that validate the value they are given (zod, joi, yup, ajv, typebox, schema registries, Avro). */
const METHODS = new Set(['parse', 'parseAsync', 'safeParse', 'safeParseAsync', 'validate', 'validateAsync', 'validateSync', 'attempt', 'assert', 'Check', 'Parse', 'Decode', 'encode', 'toBuffer', 'create']);
/** Plain functions that validate: class-validator's, valibot's and superstruct's, or a compiled validator imported from this repository. */
const FUNCTIONS = /^(validate|validateOrReject|validateSync|parse|safeParse|assert|create|is)$/;
const VALIDATOR_NAME = /^(validate|assert|verify)[A-Z_]|Validator$/;
/** Which argument is the validated value, for calls that take the schema first. */
const VALUE_LAST = new Set(['Check', 'Parse', 'Decode', 'encode']);

export interface Validation {
  method: string;
  schema: CallTarget | null;
  validator: string | null;
  /** The argument holding the validated value. */
  value: ts.Expression | undefined;
  /** Line of the validating call. */
  line: number;
}

function libraryOf(ref: Ref | null): string | null {
  return ref?.root.kind === 'module' ? (VALIDATORS[ref.root.module] ?? null) : null;
}

/** A schema written as a name: local (`OrderCreated`) or imported from this repository (`events.OrderCreated`). */
function schemaOf(ctx: VisitContext, expr: ts.Expression | null): CallTarget | null {
  if (!expr) return null;
  const e = unwrap(expr);
  const ref = ctx.resolve(e);
  if (ref?.root.kind === 'module' && ctx.isLocalModule(ref.root.module)) {
    const props = ref.steps.map((s) => ('prop' in s ? s.prop : null));
    if (props.some((p) => p === null) || props.length > 1) return null;
    return ref.root.name === '*' ? (props[0] ? { module: ref.root.module, name: props[0] } : null) : { module: ref.root.module, name: ref.root.name, ...(props[0] ? { member: props[0] } : {}) };
  }
  return tsv.isIdentifier(e) ? { name: e.text } : null;
}

/** The class of a class-validator object: `plainToInstance(OrderCreatedDto, data)` or `new OrderCreatedDto()`. */
function classOf(ctx: VisitContext, value: ts.Expression | undefined): ts.Expression | null {
  const e = value && unwrap(value);
  const binding = e && tsv.isIdentifier(e) ? ctx.refs.env.lookup(e.text) : undefined;
  const init = binding?.kind === 'value' ? unwrap(binding.init) : e;
  if (init && tsv.isNewExpression(init)) return init.expression;
  if (init && tsv.isCallExpression(init) && /^plainTo(Instance|Class)$/.test(tsv.isIdentifier(init.expression) ? init.expression.text : '')) return init.arguments[0] ?? null;
  return null;
}

/** A call that validates a value, and how. */
export function validationOf(ctx: VisitContext, call: ts.CallExpression): Validation | null {
  const found = validationKind(ctx, call);
  return found ? { ...found, line: ctx.line(call) } : null;
}

function validationKind(ctx: VisitContext, call: ts.CallExpression): Omit<Validation, 'line'> | null {
  const method = methodOf(call);
  const receiver = receiverOf(call);
  if (method && receiver && METHODS.has(method)) {
    const ref = ctx.resolve(receiver);
    const library = libraryOf(ref);
    const valueArg = VALUE_LAST.has(method) || (method === 'validate' && library === 'ajv') ? call.arguments[call.arguments.length - 1] : call.arguments[0];
    // `Joi.attempt(value, schema)`: called on the library itself, the schema is the other argument.
    const schemaExpr = ref?.steps.length === 0 ? (call.arguments.find((a) => a !== valueArg) ?? null) : receiver;
    if (library) return { method, schema: library === 'zod' || library === 'joi' || library === 'yup' ? schemaOf(ctx, schemaExpr) : null, validator: library, value: valueArg };
    const schema = ref?.root.kind === 'module' && ctx.isLocalModule(ref.root.module) ? schemaOf(ctx, receiver) : null;
    if (schema && method !== 'create' && method !== 'toBuffer') return { method, schema, validator: null, value: valueArg };
    return null;
  }
  const ref = ctx.resolve(call.expression);
  if (!ref || ref.root.kind !== 'module') return null;
  const library = libraryOf(ref);
  const steps = ref.steps.map((s) => ('prop' in s ? s.prop : 'call' in s ? '()' : '#'));
  // A compiled validator: `const validate = ajv.compile(schema); validate(payload)`.
  if (library === 'ajv' && steps.length >= 2 && steps[steps.length - 1] === '()' && ['compile', 'getSchema'].includes(steps[steps.length - 2]!)) return { method: 'compile', schema: null, validator: 'ajv', value: call.arguments[0] };
  if (library && steps.length === 0 && FUNCTIONS.test(ref.root.name)) {
    const schemaFirst = library === 'valibot';
    const value = call.arguments[schemaFirst ? 1 : 0];
    const schema = library === 'class-validator' ? schemaOf(ctx, classOf(ctx, value)) : schemaFirst ? schemaOf(ctx, call.arguments[0] ?? null) : null;
    return { method: ref.root.name, schema, validator: library, value };
  }
  if (!library && ctx.isLocalModule(ref.root.module) && steps.length === 0 && VALIDATOR_NAME.test(ref.root.name)) {
    return { method: '()', schema: { module: ref.root.module, name: ref.root.name }, validator: null, value: call.arguments[0] };
  }
  return null;
}

const validatedNames = new WeakMap<Binding, Validation>();
/** Validation calls whose result is passed on (found inside another call's argument): their input is not what gets sent. */
const passedOn = new WeakSet<ts.Node>();
const emittedArgs = new WeakMap<ts.SourceFile, Set<string>>();

/** The validation an expression's value went through: a validation call inside it, a constant built by one, or a name checked by one earlier. */
export function findValidation(ctx: VisitContext, expression: ts.Expression, depth = 0): Validation | null {
  if (depth > 6) return null;
  const e = unwrap(expression);
  if (tsv.isCallExpression(e) || tsv.isNewExpression(e)) {
    const own = tsv.isCallExpression(e) ? validationOf(ctx, e) : null;
    if (own) {
      passedOn.add(e);
      return own;
    }
    // Serialising keeps the value: JSON.stringify(v), Buffer.from(...), encode(...).
    for (const arg of e.arguments ?? []) {
      const found = findValidation(ctx, arg, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (tsv.isIdentifier(e)) {
    const binding = ctx.refs.env.lookup(e.text);
    if (!binding) return null;
    return validatedNames.get(binding) ?? (binding.kind === 'value' ? findValidation(ctx, binding.init, depth + 1) : null);
  }
  // `S.safeParse(x).data`, joi's `schema.validate(x).value`: the validated value itself (a field of it is not the payload).
  if (tsv.isPropertyAccessExpression(e)) return e.name.text === 'data' || e.name.text === 'value' ? findValidation(ctx, e.expression, depth + 1) : null;
  if (tsv.isConditionalExpression(e)) return findValidation(ctx, e.whenTrue, depth + 1) ?? findValidation(ctx, e.whenFalse, depth + 1);
  if (tsv.isObjectLiteralExpression(e) || tsv.isArrayLiteralExpression(e)) {
    let found: Validation | null = null;
    e.forEachChild((child) => {
      if (found) return;
      if (tsv.isPropertyAssignment(child)) found = findValidation(ctx, child.initializer, depth + 1);
      else if (tsv.isShorthandPropertyAssignment(child)) found = findValidation(ctx, child.name, depth + 1);
      else if (tsv.isSpreadAssignment(child) || tsv.isSpreadElement(child)) found = findValidation(ctx, child.expression, depth + 1);
      else if (tsv.isExpression(child)) found = findValidation(ctx, child, depth + 1);
    });
    return found;
  }
  return null;
}

/**
 * Payload validation at call sites: every argument that carries a validated value
 * (`OrderCreated.parse(order)`, a constant built by one, a name an earlier `validate(x)` or
 * `schema.parse(x)` checked) becomes a `validated-arg` fact, so the link stage can tell a
 * publish (or a wrapper call that publishes) sends validated payloads.
 */
export const payloadValidationDetector: Detector = {
  id: 'payload-validation',
  modules: [],
  always: true,
  visitCall(node, ctx) {
    if (!node.arguments?.length) return;
    const own = tsv.isCallExpression(node) ? validationOf(ctx, node) : null;
    // `validate(event)` or `Schema.parse(event)` on its own (a statement, a condition): `event` is checked from here on.
    const checked = own?.value && !ctx.declaration && !passedOn.has(node) ? unwrap(own.value) : undefined;
    if (own && checked && tsv.isIdentifier(checked)) {
      const binding = ctx.refs.env.lookup(checked.text);
      if (binding && binding.kind !== 'function' && binding.kind !== 'import') validatedNames.set(binding, own);
    }
    if (own || ctx.resolve(node.expression)?.root.kind === 'global') return;
    const emitted = emittedArgs.get(ctx.sf) ?? new Set<string>();
    emittedArgs.set(ctx.sf, emitted);
    node.arguments.forEach((arg, index) => {
      const found = findValidation(ctx, arg);
      // `sns.send(new PublishCommand({ ... }))`: one fact per line and argument.
      const key = `${ctx.line(node)}:${index}`;
      if (!found || emitted.has(key)) return;
      emitted.add(key);
      ctx.emit({ kind: 'validated-arg', file: ctx.file, line: ctx.line(node), library: found.validator ?? 'code', arg: index, checkedAt: found.line, method: found.method, schema: found.schema, validator: found.validator });
    });
  },
};
