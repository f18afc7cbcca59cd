import type { TableAccess } from '../../../types/data-facts.js';
import type { SymString } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { literalOf } from '../evaluate.js';
import { tsv } from '../parse-source.js';
import { unwrap, type Ref } from '../references.js';
import { connectionFact, creationOf, memberAssignment, viaOf } from './data-connections.js';
import { accessFact, tableOf } from './data-shared.js';

const ACCESS: Record<string, TableAccess> = {
  find: 'read', findOne: 'read', aggregate: 'read', countDocuments: 'read', estimatedDocumentCount: 'read', distinct: 'read', watch: 'read', count: 'read',
  insertOne: 'write', insertMany: 'write', updateOne: 'write', updateMany: 'write', replaceOne: 'write', deleteOne: 'write', deleteMany: 'write', bulkWrite: 'write', drop: 'write',
  findOneAndUpdate: 'both', findOneAndReplace: 'both', findOneAndDelete: 'both',
};
const UPSERT_OPTIONS_AT: Record<string, number> = { updateOne: 2, updateMany: 2, replaceOne: 2, findOneAndUpdate: 2, findOneAndReplace: 2 };

/** `client.db(name)` and `.collection(name)` on the way to a collection object. */
function collectionSteps(ref: Ref | null, ctx: VisitContext): { collection: SymString | null; database: SymString | null } {
  let collection: SymString | null = null;
  let database: SymString | null = null;
  const steps = ref?.steps ?? [];
  steps.forEach((step, i) => {
    const next = steps[i + 1];
    if (!('prop' in step) || !next || !('call' in next)) return;
    const arg = next.call.arguments?.[0];
    if (step.prop === 'collection' && arg) collection = ctx.str(arg);
    if (step.prop === 'db' && arg) database = ctx.str(arg);
  });
  return { collection, database };
}

/**
 * The MongoDB driver: `new MongoClient(uri)`, and collection operations with the collection
 * and database they name (`client.db('shop').collection('orders').find()`), also on objects
 * from other modules once a `.collection(name)` call shows they are collections.
 */
export const mongodbDetector: Detector = {
  id: 'mongodb',
  modules: [],
  always: true,
  visitCall(node, ctx) {
    const creation = creationOf(ctx.resolve(node));
    if (creation?.driver === 'mongodb') {
      ctx.emit(connectionFact(ctx, node, 'mongodb', creation, { url: ctx.str(node.arguments?.[0]) }));
      return;
    }
    if (!tsv.isCallExpression(node)) return;
    const callee = unwrap(node.expression);
    if (!tsv.isPropertyAccessExpression(callee)) return;
    if (callee.name.text === 'db' && ctx.declaration) {
      // const ordersDb = client.db('orders'): a handle other modules import, on a database of its own.
      const client = viaOf(ctx, callee.expression);
      const ref = ctx.resolve(callee.expression);
      if (client && (('created' in client) || (ref?.root.kind === 'module' && ref.root.module === 'mongodb'))) {
        ctx.emit(connectionFact(ctx, node, 'mongodb', { driver: 'mongodb', engine: 'mongodb' }, { wraps: client, database: node.arguments[0] ? ctx.str(node.arguments[0]) : null }));
      }
      return;
    }
    if (!(callee.name.text in ACCESS)) return;
    const op = callee.name.text;
    const receiver = unwrap(callee.expression);
    const ref = ctx.resolve(receiver);
    let { collection, database } = collectionSteps(ref, ctx);
    if (!collection && tsv.isPropertyAccessExpression(receiver) && receiver.expression.kind === tsv.SyntaxKind.ThisKeyword) {
      const assigned = memberAssignment(ctx, receiver.name.text);
      if (assigned) ({ collection, database } = collectionSteps(ctx.resolve(assigned), ctx));
    }
    const module = ref?.root.kind === 'module' ? ref.root.module : null;
    if (!collection && module !== 'mongodb') return;
    let access = ACCESS[op]!;
    if (op === 'aggregate' && /\$(out|merge)\b/.test(ctx.text(node))) access = 'both';
    const optionsAt = UPSERT_OPTIONS_AT[op];
    const upsertOption = optionsAt !== undefined ? ctx.props(node.arguments[optionsAt]).get('upsert') : undefined;
    const upsert = (upsertOption?.kind === tsv.SyntaxKind.TrueKeyword) || (op === 'bulkWrite' && /upsert\s*:\s*true/.test(ctx.text(node)));
    ctx.emit(
      accessFact(ctx, node, {
        library: module === 'mongoose' ? 'mongoose' : 'mongodb',
        driver: module === 'mongoose' ? 'mongoose' : 'mongodb',
        engine: 'mongodb',
        method: op,
        operation: access,
        tables: collection ? [tableOf(collection, access)] : [],
        partial: !collection || !literalOf(collection),
        database,
        upsert,
        conflict: upsert ? 'update' : null,
        via: viaOf(ctx, receiver),
      }),
    );
  },
};
