import type { TableAccess } from '../../../types/data-facts.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { connectionFact, creationOf, viaOf } from './data-connections.js';
import { accessFact, fileImports } from './data-shared.js';
import { rememberTransaction, transactionOf } from './data-chains.js';

const OPS: Record<string, TableAccess> = {
  findMany: 'read', findUnique: 'read', findUniqueOrThrow: 'read', findFirst: 'read', findFirstOrThrow: 'read', count: 'read', aggregate: 'read', groupBy: 'read',
  create: 'write', createMany: 'write', createManyAndReturn: 'write', update: 'write', updateMany: 'write', updateManyAndReturn: 'write', upsert: 'write', delete: 'write', deleteMany: 'write',
};
/** Operations no other library names like this: `x.<model>.findMany()` is Prisma whatever `x` is. */
const DISTINCT = new Set(['findMany', 'findUnique', 'findUniqueOrThrow', 'findFirstOrThrow', 'createMany', 'createManyAndReturn', 'updateManyAndReturn', 'deleteMany', 'updateMany', 'groupBy', 'upsert']);

/** `new PrismaClient({ datasourceUrl })` or `{ datasources: { db: { url } } }`; without either the schema's datasource applies. */
function prismaConnection(ctx: VisitContext, node: ts.CallExpression | ts.NewExpression) {
  const options = ctx.props(node.arguments?.[0]);
  const direct = options.get('datasourceUrl');
  if (direct) return { url: ctx.str(direct) };
  const sources = ctx.props(options.get('datasources'));
  const first = [...sources.values()][0];
  const url = first ? ctx.props(first).get('url') : undefined;
  return { url: url ? ctx.str(url) : null };
}

/** Whether `client` is a Prisma client: created or typed as one, a transaction client, named like one in a file that uses Prisma. */
function isPrisma(ctx: VisitContext, client: ts.Expression): boolean {
  const ref = ctx.resolve(client);
  if (ref?.root.kind === 'module' && (ref.root.module === '@prisma/client' || ref.root.name === 'PrismaClient')) return true;
  const e = unwrap(client);
  const name = tsv.isPropertyAccessExpression(e) ? e.name.text : tsv.isIdentifier(e) ? e.text : '';
  return /prisma/i.test(name) && (fileImports(ctx).has('@prisma/client') || tsv.isPropertyAccessExpression(e));
}

/**
 * Prisma: `new PrismaClient()`, model calls `prisma.user.findMany()` (also on a NestJS
 * PrismaService, a client imported from another module, and the `tx` of
 * `prisma.$transaction(async (tx) => ...)`). The link stage maps the model to its table with
 * the schema (`@@map`).
 */
export const prismaDetector: Detector = {
  id: 'prisma',
  modules: [],
  always: true,
  visitCall(node, ctx) {
    const ref = ctx.resolve(node);
    const creation = creationOf(ref);
    if (creation?.driver === 'prisma') {
      ctx.emit(connectionFact(ctx, node, ref?.root.kind === 'module' ? ref.root.module : 'prisma', creation, prismaConnection(ctx, node)));
      return;
    }
    if (!tsv.isCallExpression(node)) return;
    const callee = unwrap(node.expression);
    if (!tsv.isPropertyAccessExpression(callee)) return;
    const op = callee.name.text;
    if (op === '$transaction') {
      // Prisma's own name: the callback's `tx` is a client of whatever `$transaction` is called on.
      rememberTransaction(ctx, node.arguments[0], 'prisma', viaOf(ctx, callee.expression), isPrisma(ctx, callee.expression));
      return;
    }
    const access = OPS[op];
    const model = unwrap(callee.expression);
    if (!access || !tsv.isPropertyAccessExpression(model) || !/^[a-z]\w*$/.test(model.name.text) || model.name.text.startsWith('$')) return;
    const client = model.expression;
    // db.query.posts.findMany(): drizzle's relational API, not a Prisma model
    const clientNode = unwrap(client);
    if (tsv.isPropertyAccessExpression(clientNode) && clientNode.name.text === 'query') return;
    const tx = transactionOf(ctx, client, 'prisma');
    const known = tx?.driver === 'prisma' ? tx.confirmed : isPrisma(ctx, client);
    if (!known && tx?.driver !== 'prisma' && (!DISTINCT.has(op) || unwrap(client).kind === tsv.SyntaxKind.ThisKeyword)) return;
    const upsert = op === 'upsert';
    ctx.emit(
      accessFact(ctx, node, {
        library: '@prisma/client',
        driver: 'prisma',
        engine: null,
        method: op,
        operation: access,
        models: [{ name: model.name.text, access }],
        upsert,
        conflict: upsert ? 'update' : null,
        via: tx ? tx.via : viaOf(ctx, client),
        confirmed: known,
      }),
    );
  },
};
