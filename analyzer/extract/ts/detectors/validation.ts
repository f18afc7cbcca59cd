import type { ValidationInput } from '../../../types/quality-facts.js';
import type { VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap, type Ref } from '../references.js';
import { propsAt } from './shared.js';

/**
 * "Is this call a validation call?" — shared by the HTTP payload facts here and the messaging
 * detectors (payloads validated before publish or after consume). Answers from the schema
 * library the callee comes from; a schema imported from this repository is recognised by
 * the method (`OrderCreated.parse(...)`) and named in `schemaRef` for the link stage.
 */
export interface ValidationCall {
  /** zod, joi, yup, ajv, valibot, superstruct, class-validator, express-validator, @sinclair/typebox, io-ts; `schema` when unknown. */
  library: string;
  method: string;
  schema?: string;
  schemaRef?: { module: string; name: string };
  /** The validated value, when the call names one. */
  input: ts.Expression | undefined;
}

const LIBRARIES: Record<string, string> = {
  zod: 'zod', 'zod/v4': 'zod', 'zod/v3': 'zod', 'zod/mini': 'zod', 'zod/v4-mini': 'zod',
  joi: 'joi', '@hapi/joi': 'joi', yup: 'yup', ajv: 'ajv', 'ajv/dist/2019': 'ajv', 'ajv/dist/2020': 'ajv', 'ajv/dist/jtd': 'ajv',
  valibot: 'valibot', superstruct: 'superstruct', 'class-validator': 'class-validator', 'express-validator': 'express-validator',
  '@sinclair/typebox': '@sinclair/typebox', '@sinclair/typebox/value': '@sinclair/typebox', '@sinclair/typebox/compiler': '@sinclair/typebox', 'io-ts': 'io-ts',
};
/** Methods of a schema object, per library; the validated value is the first argument. */
const SCHEMA_METHODS: Record<string, ReadonlySet<string>> = {
  zod: new Set(['parse', 'safeParse', 'parseAsync', 'safeParseAsync', 'spa']),
  joi: new Set(['validate', 'validateAsync']),
  yup: new Set(['validate', 'validateSync', 'isValid', 'isValidSync']),
  superstruct: new Set(['assert', 'create', 'validate', 'is', 'mask']),
  '@sinclair/typebox': new Set(['Check', 'Decode', 'Parse']),
  'io-ts': new Set(['decode', 'is']),
};
/** Functions of the library itself: name → index of the validated value. */
const FUNCTIONS: Record<string, Record<string, number>> = {
  zod: { parse: 1, safeParse: 1, parseAsync: 1, safeParseAsync: 1 },
  joi: { assert: 0, attempt: 0 },
  valibot: { parse: 1, safeParse: 1, parseAsync: 1, safeParseAsync: 1, is: 1, assert: 1 },
  superstruct: { assert: 0, create: 0, validate: 0, is: 0, mask: 0 },
  'class-validator': { validate: 0, validateOrReject: 0, validateSync: 0 },
  'express-validator': { validationResult: 0, matchedData: 0 },
  '@sinclair/typebox': { Check: 1, Decode: 1, Parse: 1, Assert: 1 },
};
/** Methods that validate when the schema comes from this repository or a parameter. */
const ANY_SCHEMA_METHODS = new Set(['parse', 'safeParse', 'parseAsync', 'safeParseAsync', 'validate', 'validateAsync', 'validateSync']);
const SCHEMA_NAME = /^[A-Z]|schema|validator|dto|codec|struct/i;
const REQUEST_PARTS: Record<string, ValidationInput> = { body: 'body', query: 'query', params: 'params', headers: 'headers', cookies: 'headers' };
const MAX_DEPTH = 6;
/** Named exports that are namespaces of functions: `import { z } from 'zod'`, `import { Value } from '@sinclair/typebox/value'`. */
const NAMESPACES = new Set(['z', 'Value', 'Joi', 'yup', 'v']);
/** Names worth resolving: every method and function above, and validators compiled by ajv (`validate`, `validateOrder`, `check`). */
const CANDIDATES = new Set([...Object.values(SCHEMA_METHODS).flatMap((s) => [...s]), ...Object.values(FUNCTIONS).flatMap((f) => Object.keys(f)), ...ANY_SCHEMA_METHODS]);
const COMPILED = /^(validat|check|is[A-Z])/;

function nameOf(expr: ts.Expression | undefined, ctx: VisitContext): string | undefined {
  if (!expr) return undefined;
  const e = unwrap(expr);
  return tsv.isIdentifier(e) || tsv.isPropertyAccessExpression(e) ? ctx.text(e) : undefined;
}

/** The library a call of a known schema library validates with, and the index of the value. */
function libraryCall(ref: Ref, node: ts.CallExpression, ctx: VisitContext): ValidationCall | null {
  if (ref.root.kind !== 'module') return null;
  const library = LIBRARIES[ref.root.module];
  if (!library) return null;
  const names = propsAt(ref);
  const rootName = ref.root.name === '*' || ref.root.name === 'default' ? null : ref.root.name;
  const path = rootName ? [rootName, ...names] : names;
  const last = path[path.length - 1];
  const receiver = tsv.isPropertyAccessExpression(unwrap(node.expression)) ? (unwrap(node.expression) as ts.PropertyAccessExpression).expression : undefined;
  // A function of the library: z.parse(S, x), v.parse(S, x), Joi.assert(x, S), validate(obj), validationResult(req), Value.Check(S, x).
  const fnPath = path.length > 1 && NAMESPACES.has(path[0]!) ? path.slice(1) : path;
  if (fnPath.length === 1 && last && FUNCTIONS[library]?.[last] !== undefined) {
    const index = FUNCTIONS[library]![last]!;
    const schemaArg = node.arguments[index === 0 ? 1 : 0];
    return { library, method: last, ...(schemaArg && nameOf(schemaArg, ctx) ? { schema: nameOf(schemaArg, ctx) } : {}), input: node.arguments[index] };
  }
  // A method of a schema built with the library (z.object({...}).parse(x)) or typed as one of its types (`schema: ZodType`).
  if (path.length >= 2 && last && SCHEMA_METHODS[library]?.has(last) && (path.includes('()') || path.includes('#'))) {
    return { library, method: last, ...(nameOf(receiver, ctx) ? { schema: nameOf(receiver, ctx) } : {}), input: node.arguments[0] };
  }
  // ajv: ajv.validate(schema, data); ajv.compile(schema)(data); ajv.getSchema(id)(data); TypeCompiler.Compile(S).Check(x).
  if (library === 'ajv' && last === 'validate' && path.length >= 2) return { library, method: 'validate', ...(nameOf(node.arguments[0], ctx) ? { schema: nameOf(node.arguments[0], ctx) } : {}), input: node.arguments[1] };
  const made = path[path.length - 2];
  if (library === 'ajv' && last === '()' && (made === 'compile' || made === 'getSchema')) return { library, method: made, input: node.arguments[0] };
  if (library === '@sinclair/typebox' && path.includes('Compile') && last && SCHEMA_METHODS[library]!.has(last)) return { library, method: last, input: node.arguments[0] };
  return null;
}

/** Is this call a validation call? The library, method, schema and the validated value, or null. */
export function validationCall(node: ts.CallExpression, ctx: VisitContext): ValidationCall | null {
  const callee = unwrap(node.expression);
  const method = tsv.isPropertyAccessExpression(callee) ? callee.name.text : tsv.isIdentifier(callee) ? callee.text : null;
  // ajv.compile(schema)(data) has no name; everything else must look like a validation first (this runs on every call).
  if (method === null ? !tsv.isCallExpression(callee) : !CANDIDATES.has(method) && !(tsv.isIdentifier(callee) && COMPILED.test(method))) return null;
  const ref = ctx.resolve(callee);
  if (!ref) return null;
  const known = libraryCall(ref, node, ctx);
  if (known) return known;
  if (!method || !ANY_SCHEMA_METHODS.has(method) || !tsv.isPropertyAccessExpression(callee)) return null;
  const members = propsAt(ref).slice(0, -1);
  if (members.includes('()') || members.includes('#')) return null;
  const { root } = ref;
  if (root.kind === 'module' && ctx.isLocalModule(root.module)) {
    // import { OrderCreated } from './events.js'; import * as schemas from './schemas.js'
    const name = root.name === '*' ? members[0] : members.length === 0 ? root.name : undefined;
    if (!name || !SCHEMA_NAME.test(name)) return null;
    return { library: 'schema', method, schema: ctx.text(callee.expression), schemaRef: { module: root.module, name }, input: node.arguments[0] };
  }
  if (root.kind === 'param' && members.length === 0 && SCHEMA_NAME.test(ctx.text(callee.expression))) {
    // validate(schema) middleware factories: schema.parse(req.body) with the schema passed in.
    const input = node.arguments[0];
    if (!input || !isRequestPart(inputOf(input, ctx))) return null;
    return { library: 'schema', method, schema: ctx.text(callee.expression), input };
  }
  return null;
}

/** A value that is the result of a validation: `Schema.parse(x)`, `await Schema.parseAsync(x)`, or a constant holding one. */
export function validatedValue(expr: ts.Expression, ctx: VisitContext, depth = 0): ValidationCall | null {
  const e = unwrap(expr);
  if (tsv.isCallExpression(e)) return validationCall(e, ctx);
  if (tsv.isIdentifier(e) && depth < MAX_DEPTH) {
    const binding = ctx.refs.env.lookup(e.text);
    if (binding?.kind === 'value') return validatedValue(binding.init, ctx, depth + 1);
  }
  return null;
}

export function isRequestPart(input: ValidationInput): boolean {
  return input === 'body' || input === 'query' || input === 'params' || input === 'headers' || input === 'request';
}

/** What a validated value is: a part of the request (`req.body`, `await request.json()`), a parameter, the environment, ... */
export function inputOf(expr: ts.Expression | undefined, ctx: VisitContext, depth = 0): ValidationInput {
  if (!expr || depth > MAX_DEPTH) return 'value';
  const e = unwrap(expr);
  if (tsv.isIdentifier(e)) {
    const binding = ctx.refs.env.lookup(e.text);
    if (binding?.kind === 'param') return 'argument';
    if (binding?.kind === 'value') return inputOf(binding.init, ctx, depth + 1);
    return 'value';
  }
  if (tsv.isPropertyAccessExpression(e) || tsv.isElementAccessExpression(e) || tsv.isCallExpression(e)) {
    const chain: string[] = [];
    let cur: ts.Expression = e;
    for (;;) {
      if (tsv.isPropertyAccessExpression(cur)) chain.unshift(cur.name.text);
      else if (tsv.isElementAccessExpression(cur) && tsv.isStringLiteralLike(cur.argumentExpression)) chain.unshift(cur.argumentExpression.text);
      else if (tsv.isCallExpression(cur)) chain.unshift('()');
      else break;
      cur = unwrap(cur.expression);
    }
    if (tsv.isIdentifier(cur) && cur.text === 'process' && chain[0] === 'env') return 'env';
    const rootInput = tsv.isIdentifier(cur) ? inputOf(cur, ctx, depth + 1) : 'value';
    if (rootInput === 'argument' || isRequestPart(rootInput)) {
      if (isRequestPart(rootInput)) return rootInput;
      const part = chain.find((name) => REQUEST_PARTS[name]);
      if (part) return REQUEST_PARTS[part]!;
      // await req.json(), c.req.json(), request.formData()
      const callAt = chain.lastIndexOf('()');
      if (callAt > 0 && /^(json|formData|text|parseBody)$/.test(chain[callAt - 1]!)) return 'body';
      if (!chain.includes('()')) return 'argument';
    }
    if (tsv.isCallExpression(e)) {
      // The result of a validation is checked data, not the request; plainToInstance(Dto, req.body) is the body.
      if (validationCall(e, ctx)) return 'value';
      for (const arg of e.arguments) {
        const inner = inputOf(arg, ctx, depth + 1);
        if (inner !== 'value') return inner;
      }
    }
    return 'value';
  }
  if (tsv.isObjectLiteralExpression(e)) {
    for (const prop of e.properties) {
      const value = tsv.isSpreadAssignment(prop) ? prop.expression : tsv.isPropertyAssignment(prop) ? prop.initializer : undefined;
      const inner = inputOf(value, ctx, depth + 1);
      if (isRequestPart(inner)) return inner;
    }
  }
  return 'value';
}
