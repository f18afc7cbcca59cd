import type { Detector, VisitContext } from '../detector.js';
import { literalOf } from '../evaluate.js';
import { ts, tsv } from '../parse-source.js';
import { stepNames, unwrap } from '../references.js';
import { connectionFact, creationOf } from './data-connections.js';
import { mongooseCollection } from './data-names.js';
import { isDefaultExported } from './data-models.js';

/** `new Schema({...}, { collection: 'people' })` behind a schema argument: its collection option. */
function schemaCollection(ctx: VisitContext, schema: ts.Expression | undefined): string | null {
  let e = schema ? unwrap(schema) : undefined;
  if (e && tsv.isIdentifier(e)) {
    const binding = ctx.refs.env.lookup(e.text);
    e = binding?.kind === 'value' ? unwrap(binding.init) : undefined;
  }
  if (!e || !tsv.isNewExpression(e)) return null;
  return literalOf(ctx.str(ctx.props(e.arguments?.[1]).get('collection')));
}

/**
 * mongoose: `mongoose.connect(uri, { dbName })`, `createConnection(uri)`, and models
 * (`model('User', schema)` on mongoose or a connection) with their collection: the third
 * argument, the schema's `collection` option, else the model name lower-cased and pluralised.
 * Calls on models (`User.find()`) are read by the model-calls detector.
 */
export const mongooseDetector: Detector = {
  id: 'mongoose',
  modules: ['mongoose'],
  visitCall(node, ctx) {
    const ref = ctx.resolve(node);
    const creation = creationOf(ref);
    if (creation?.driver === 'mongoose') {
      const options = ctx.props(node.arguments?.[1]);
      ctx.emit(connectionFact(ctx, node, 'mongoose', creation, { url: ctx.str(node.arguments?.[0]), database: options.get('dbName') ? ctx.str(options.get('dbName')) : null }));
      return;
    }
    if (!tsv.isCallExpression(node) || ref?.root.kind !== 'module' || ref.root.module !== 'mongoose') return;
    const names = stepNames(ref);
    const method = names.length >= 2 ? names[names.length - 2] : ref.root.name;
    if (method !== 'model' || names[names.length - 1] !== '()') return;
    const model = literalOf(ctx.str(node.arguments[0]));
    if (!model || node.arguments.length < 2) return;
    const collection = literalOf(ctx.str(node.arguments[2])) ?? schemaCollection(ctx, node.arguments[1]) ?? mongooseCollection(model);
    const exportedDefault = isDefaultExported(ctx, node);
    ctx.emit({
      kind: 'db-model',
      file: ctx.file,
      line: ctx.line(node),
      library: 'mongoose',
      driver: 'mongoose',
      name: ctx.declaration?.name ?? (exportedDefault ? 'default' : model),
      model,
      table: collection,
      exported: ctx.declaration?.exported ?? exportedDefault,
    });
  },
};
