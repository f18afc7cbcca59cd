import type { ModelRef, TableAccess } from '../../../types/data-facts.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { stepNames, unwrap } from '../references.js';
import { accessFact } from './data-shared.js';

const READ = ['find', 'findOne', 'findById', 'findAll', 'findByPk', 'findAndCountAll', 'findOneBy', 'findBy', 'findAndCount', 'count', 'countBy', 'countDocuments', 'estimatedDocumentCount', 'distinct', 'exists', 'aggregate', 'max', 'min', 'sum'];
const WRITE = ['create', 'insertMany', 'bulkCreate', 'update', 'updateOne', 'updateMany', 'replaceOne', 'deleteOne', 'deleteMany', 'destroy', 'upsert', 'increment', 'decrement', 'restore', 'truncate', 'bulkWrite', 'insert', 'delete', 'save', 'remove', 'softDelete'];
const BOTH = ['findOneAndUpdate', 'findByIdAndUpdate', 'findOneAndDelete', 'findByIdAndDelete', 'findOneAndReplace', 'findOneAndRemove', 'findByIdAndRemove', 'findOrCreate'];
const OPS = new Map<string, TableAccess>([...READ.map((m) => [m, 'read'] as const), ...WRITE.map((m) => [m, 'write'] as const), ...BOTH.map((m) => [m, 'both'] as const)]);
/** Names only ORM models have: on a class imported from any module they count. */
const DISTINCT = new Set(['findById', 'findAll', 'findByPk', 'findAndCountAll', 'countDocuments', 'estimatedDocumentCount', 'insertMany', 'bulkCreate', 'destroy', 'findOneAndUpdate', 'findByIdAndUpdate', 'findOneAndDelete', 'findByIdAndDelete', 'findOrCreate', 'findOneBy', 'findBy']);
const MODEL_MODULE = /(^|[/.-])(models?|entit(y|ies)|schemas?)([/.-]|$)/i;
const UPDATE_OPTIONS_AT: Record<string, number> = { updateOne: 2, updateMany: 2, findOneAndUpdate: 2, findByIdAndUpdate: 2, replaceOne: 2 };
const ORM_MODULES = new Set(['mongoose', 'sequelize', 'sequelize-typescript', 'typeorm']);

/** What a model identifier is: a model this file defines (known ORM), one imported from another module (to confirm), or nothing. */
function modelOf(ctx: VisitContext, id: ts.Identifier, op: string): { ref: ModelRef; driver: string; confirmed: boolean } | null {
  if (!/^[A-Z]/.test(id.text)) return null;
  const binding = ctx.refs.env.lookup(id.text);
  const access = OPS.get(op)!;
  if (binding?.kind === 'import') {
    if (!ctx.isLocalModule(binding.module) || (!DISTINCT.has(op) && !MODEL_MODULE.test(binding.module))) return null;
    return { ref: { name: binding.name, module: binding.module, access }, driver: 'model', confirmed: false };
  }
  let orm: string | null = null;
  if (binding?.kind === 'class') {
    // class User extends Model / BaseEntity (sequelize, typeorm active record)
    for (const clause of binding.node.heritageClauses ?? []) {
      for (const type of clause.types) {
        const ref = ctx.resolve(type.expression);
        if (ref?.root.kind === 'module' && ORM_MODULES.has(ref.root.module)) orm = ref.root.module.startsWith('sequelize') ? 'sequelize' : ref.root.module;
      }
    }
  } else if (binding?.kind === 'value') {
    // const User = mongoose.model(...), sequelize.define(...)
    const ref = ctx.resolve(binding.init);
    const names = ref ? stepNames(ref) : [];
    const method = names.length >= 2 ? names[names.length - 2] : ref?.root.kind === 'module' ? ref.root.name : '';
    if (ref?.root.kind === 'module' && ORM_MODULES.has(ref.root.module) && (method === 'model' || method === 'define')) orm = ref.root.module.startsWith('sequelize') ? 'sequelize' : ref.root.module;
  }
  return orm ? { ref: { name: id.text, access }, driver: orm, confirmed: true } : null;
}

/**
 * Calls on ORM model classes and objects: mongoose (`User.find()`, `User.findByIdAndUpdate()`,
 * `new User(doc).save()`), Sequelize (`User.findAll()`, `User.bulkCreate()`) and TypeORM active
 * records (`User.findOneBy()`). Models defined in the same file are known; models imported from
 * another module are confirmed by the link stage (their `db-model` fact), else dropped.
 */
export const modelCallsDetector: Detector = {
  id: 'model-calls',
  modules: [],
  always: true,
  visitCall(node, ctx) {
    if (!tsv.isCallExpression(node)) return;
    const callee = unwrap(node.expression);
    if (!tsv.isPropertyAccessExpression(callee)) return;
    const op = callee.name.text;
    if (!OPS.has(op)) return;
    let object = unwrap(callee.expression);
    // new User(doc).save()
    if (tsv.isNewExpression(object) && op === 'save') object = unwrap(object.expression);
    else if (tsv.isNewExpression(object)) return;
    if (!tsv.isIdentifier(object)) return;
    const model = modelOf(ctx, object, op);
    if (!model) return;
    const optionsAt = UPDATE_OPTIONS_AT[op];
    const upsertOption = optionsAt !== undefined ? ctx.props(node.arguments[optionsAt]).get('upsert') : undefined;
    const upsert = op === 'upsert' || op === 'findOrCreate' || upsertOption?.kind === tsv.SyntaxKind.TrueKeyword;
    ctx.emit(
      accessFact(ctx, node, {
        library: model.driver === 'model' ? 'orm' : model.driver,
        driver: model.driver,
        engine: model.driver === 'mongoose' ? 'mongodb' : null,
        method: op,
        operation: model.ref.access,
        models: [model.ref],
        upsert,
        conflict: upsert ? (op === 'findOrCreate' ? 'ignore' : 'update') : null,
        via: null,
        confirmed: model.confirmed,
      }),
    );
  },
};
