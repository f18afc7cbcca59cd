import type { Detector } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { VALIDATORS } from './payload-validation.js';

function isExported(node: ts.Node): boolean {
  const mods = tsv.canHaveModifiers(node) ? tsv.getModifiers(node) : undefined;
  return !!mods?.some((m) => m.kind === tsv.SyntaxKind.ExportKeyword);
}

/**
 * Schemas other modules validate with: top-level constants built by a validation library
 * (`export const OrderCreated = z.object({...})`, `Joi.object()`, `ajv.compile(schema)`,
 * `Type.Object()`), and classes with class-validator decorators. A `validated-arg` naming an
 * imported schema counts once its module defines it here.
 */
export const messageSchemasDetector: Detector = {
  id: 'message-schemas',
  modules: Object.keys(VALIDATORS),
  visitCall(node, ctx) {
    if (!ctx.declaration?.topLevel) return;
    const ref = ctx.resolve(node);
    if (ref?.root.kind !== 'module') return;
    const library = VALIDATORS[ref.root.module];
    // A schema is built by a library function (`z.object`, `ajv.compile`), not the library's constructor (`new Ajv()`);
    // a schema registry client is one: `registry.encode(id, value)` checks the value against the registered schema.
    const built = ref.steps.some((s) => 'prop' in s) && !('prop' in (ref.steps[ref.steps.length - 1] ?? {}));
    if (!library || !(built || library === 'schema-registry')) return;
    ctx.emit({ kind: 'message-schema', file: ctx.file, line: ctx.line(node), library, name: ctx.declaration.name, exported: ctx.declaration.exported });
  },
  visitClass(node, ctx) {
    if (!node.name || !tsv.isClassDeclaration(node)) return;
    const decorated = node.members.some((member) =>
      (tsv.canHaveDecorators(member) ? (tsv.getDecorators(member) ?? []) : []).some((d) => {
        const callee = tsv.isCallExpression(d.expression) ? d.expression.expression : d.expression;
        const ref = ctx.resolve(callee);
        return ref?.root.kind === 'module' && ref.root.module === 'class-validator';
      }),
    );
    if (decorated) ctx.emit({ kind: 'message-schema', file: ctx.file, line: ctx.line(node), library: 'class-validator', name: node.name.text, exported: isExported(node) });
  },
};
