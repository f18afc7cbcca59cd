import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { inputOf, validationCall } from './validation.js';

function isValidationPipe(expr: ts.Expression, ctx: VisitContext): boolean {
  const ref = ctx.resolve(expr);
  return !!ref && ref.root.kind === 'module' && ref.root.module === '@nestjs/common' && ref.root.name === 'ValidationPipe';
}

/**
 * Validation calls in any file: values checked against a schema, with what the value is (a part
 * of the request, a parameter, the environment), and application-wide validation (NestJS global
 * `ValidationPipe`, express-openapi-validator). The question "is this a validation call" is
 * answered by `validation.ts`, shared with the messaging detectors.
 */
export const validationDetector: Detector = {
  id: 'validation',
  modules: [],
  always: true,
  visitCall(node, ctx) {
    if (!tsv.isCallExpression(node)) return;
    const callee = unwrap(node.expression);
    // NestJS: app.useGlobalPipes(new ValidationPipe()); express-openapi-validator: OpenApiValidator.middleware(...)
    if (tsv.isPropertyAccessExpression(callee) && callee.name.text === 'useGlobalPipes' && node.arguments.some((a) => tsv.isNewExpression(unwrap(a)) && isValidationPipe((unwrap(a) as ts.NewExpression).expression, ctx))) {
      ctx.emit({ kind: 'validation', file: ctx.file, line: ctx.line(node), library: 'class-validator', scope: ctx.scope.id, method: 'ValidationPipe', input: 'request', global: true });
      return;
    }
    const ref = tsv.isPropertyAccessExpression(callee) && callee.name.text === 'middleware' ? ctx.resolve(callee) : null;
    if (ref?.root.kind === 'module' && ref.root.module === 'express-openapi-validator') {
      ctx.emit({ kind: 'validation', file: ctx.file, line: ctx.line(node), library: 'express-openapi-validator', scope: ctx.scope.id, method: 'middleware', input: 'request', global: true });
      return;
    }
    const call = validationCall(node, ctx);
    if (!call) return;
    const input = call.library === 'express-validator' ? 'request' : inputOf(call.input, ctx);
    ctx.emit({
      kind: 'validation',
      file: ctx.file,
      line: ctx.line(node),
      library: call.library,
      scope: ctx.scope.id,
      method: call.method,
      input,
      ...(call.schema ? { schema: call.schema } : {}),
      ...(call.schemaRef ? { schemaRef: call.schemaRef } : {}),
    });
  },
};
