import type { DataEngine, ModelRef, TableAccess } from '../../../types/data-facts.js';
import type { Detector, VisitContext } from '../detector.js';
import { literalOf } from '../evaluate.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { connectionFact, creationOf, viaOf } from './data-connections.js';
import { snakeCase } from './data-names.js';
import { accessFact, operationOf } from './data-shared.js';
import { chainOf, rememberTransaction, transactionOf } from './data-chains.js';
import { decoratorCall, isExportedClass, modelArg, modelByName } from './data-models.js';

const MODULES = ['typeorm', '@nestjs/typeorm'];
const READ = ['find', 'findBy', 'findOne', 'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'findAndCount', 'findAndCountBy', 'count', 'countBy', 'exist', 'exists', 'existsBy', 'sum', 'average', 'minimum', 'maximum'];
const WRITE = ['save', 'insert', 'update', 'upsert', 'delete', 'remove', 'softDelete', 'softRemove', 'restore', 'recover', 'increment', 'decrement', 'clear'];
const OPS = new Map<string, TableAccess>([...READ.map((m) => [m, 'read'] as const), ...WRITE.map((m) => [m, 'write'] as const)]);
const TERMINALS = new Set(['getMany', 'getOne', 'getOneOrFail', 'getRawMany', 'getRawOne', 'getCount', 'getManyAndCount', 'getRawAndEntities', 'getExists', 'execute', 'stream']);
const BUILDER_WRITES = new Set(['insert', 'update', 'delete', 'softDelete', 'restore']);
const JOINS = /^(inner|left)Join(AndSelect|AndMap(One|Many))?$/;
const ENGINES: Record<string, DataEngine> = { postgres: 'postgres', cockroachdb: 'postgres', mysql: 'mysql', mariadb: 'mysql', mssql: 'mssql', sqlite: 'sqlite', 'better-sqlite3': 'sqlite', mongodb: 'mongodb', oracle: 'oracle' };

/** Members of each class holding a repository: `@InjectRepository(User) repo`, `repo: Repository<User>`. */
const repositories = new WeakMap<ts.SourceFile, Map<string, Map<string, string>>>();

function recordRepositories(ctx: VisitContext, node: ts.ClassLikeDeclaration): void {
  const members = new Map<string, string>();
  const consider = (name: ts.BindingName | ts.PropertyName, type: ts.TypeNode | undefined, decorated: ts.Node): void => {
    if (!tsv.isIdentifier(name)) return;
    const inject = decoratorCall(ctx, decorated, ['InjectRepository'], MODULES);
    const injected = inject && tsv.isCallExpression(inject) ? unwrap(inject.arguments[0]!) : undefined;
    if (injected && tsv.isIdentifier(injected)) members.set(name.text, injected.text);
    else if (type && tsv.isTypeReferenceNode(type) && /Repository$/.test(type.typeName.getText(ctx.sf)) && type.typeArguments?.[0] && tsv.isTypeReferenceNode(type.typeArguments[0])) {
      members.set(name.text, type.typeArguments[0].typeName.getText(ctx.sf));
    }
  };
  for (const member of node.members) {
    if (tsv.isPropertyDeclaration(member)) consider(member.name, member.type, member);
    if (tsv.isConstructorDeclaration(member)) for (const p of member.parameters) consider(p.name, p.type, p);
  }
  const byClass = repositories.get(ctx.sf) ?? new Map<string, Map<string, string>>();
  byClass.set(node.name?.text ?? '', members);
  repositories.set(ctx.sf, byClass);
}

/** The entity a repository expression is for: an injected member, or `dataSource.getRepository(User)`. */
function repositoryEntity(ctx: VisitContext, expr: ts.Expression, access: TableAccess): ModelRef | null | undefined {
  const e = unwrap(expr);
  if (tsv.isPropertyAccessExpression(e) && e.expression.kind === tsv.SyntaxKind.ThisKeyword && ctx.refs.klass) {
    const entity = repositories.get(ctx.sf)?.get(ctx.refs.klass.name)?.get(e.name.text);
    if (entity) return modelByName(ctx, entity, access);
  }
  const ref = ctx.resolve(e);
  const steps = ref?.steps ?? [];
  for (let i = steps.length - 2; i >= 0; i--) {
    const step = steps[i]!;
    const next = steps[i + 1]!;
    if ('prop' in step && step.prop === 'getRepository' && 'call' in next) return modelArg(ctx, next.call.arguments?.[0], access);
  }
  return undefined;
}

/**
 * An EntityManager: a typed `EntityManager`, `dataSource.manager`, the one a transaction
 * callback gets (`known`); or `.manager` of an object imported from another module (`shaped`).
 */
function managerOf(ctx: VisitContext, expr: ts.Expression): 'known' | 'shaped' | null {
  const tx = transactionOf(ctx, expr, 'typeorm');
  if (tx?.driver === 'typeorm') return tx.confirmed ? 'known' : 'shaped';
  const ref = ctx.resolve(expr);
  const last = ref?.steps[ref.steps.length - 1];
  const manager = !!last && 'prop' in last && last.prop === 'manager';
  if (ref?.root.kind === 'module' && MODULES.includes(ref.root.module)) return ref.root.name === 'EntityManager' || manager ? 'known' : null;
  return manager && isLocalObject(ctx, ref) ? 'shaped' : null;
}

/** An object of this repository (an import, a parameter, a member): maybe a DataSource, to be confirmed at link time. */
function isLocalObject(ctx: VisitContext, ref: ReturnType<VisitContext['resolve']>): boolean {
  return !!ref && ((ref.root.kind === 'module' && ctx.isLocalModule(ref.root.module)) || ref.root.kind === 'param' || ref.root.kind === 'class');
}

function typeormConnection(ctx: VisitContext, node: ts.CallExpression | ts.NewExpression) {
  let options = ctx.props(node.arguments?.[0]);
  const factory = options.get('useFactory');
  const fn = factory ? unwrap(factory) : undefined;
  if (fn && (tsv.isArrowFunction(fn) || tsv.isFunctionExpression(fn)) && !tsv.isBlock(fn.body)) options = ctx.props(fn.body);
  const type = literalOf(ctx.str(options.get('type')));
  return { engine: type ? (ENGINES[type] ?? null) : null, url: ctx.str(options.get('url')), host: ctx.str(options.get('host')), database: ctx.str(options.get('database')) };
}

/**
 * TypeORM: data sources (`new DataSource`, `TypeOrmModule.forRoot(Async)`), entities
 * (`@Entity('users')`, else the class name in snake_case), repository and EntityManager calls,
 * and query builders reported at their terminal call (`getMany`, `execute`).
 */
export const typeormDetector: Detector = {
  id: 'typeorm',
  modules: [],
  always: true,
  visitClass(node, ctx) {
    recordRepositories(ctx, node);
    const entity = decoratorCall(ctx, node, ['Entity'], ['typeorm']);
    if (!entity || !node.name) return;
    const first = tsv.isCallExpression(entity) ? entity.arguments[0] : undefined;
    const options = ctx.props(first);
    const given = literalOf(ctx.str(options.size ? options.get('name') : first));
    const schema = literalOf(ctx.str(options.get('schema')));
    const table = `${schema ? `${schema}.` : ''}${given ?? snakeCase(node.name.text)}`;
    ctx.emit({ kind: 'db-model', file: ctx.file, line: ctx.line(node), library: 'typeorm', driver: 'typeorm', name: node.name.text, model: node.name.text, table, exported: isExportedClass(node) });
  },
  visitCall(node, ctx) {
    const creation = creationOf(ctx.resolve(node));
    if (creation?.driver === 'typeorm') {
      const { engine, ...fields } = typeormConnection(ctx, node);
      ctx.emit(connectionFact(ctx, node, 'typeorm', creation, { ...fields, engine }));
      return;
    }
    if (!tsv.isCallExpression(node)) return;
    const callee = unwrap(node.expression);
    if (!tsv.isPropertyAccessExpression(callee)) return;
    const op = callee.name.text;
    const receiver = callee.expression;
    if (op === 'transaction') {
      const ref = ctx.resolve(receiver);
      const known = (ref?.root.kind === 'module' && MODULES.includes(ref.root.module)) || managerOf(ctx, receiver) === 'known';
      if (known || managerOf(ctx, receiver)) rememberTransaction(ctx, node.arguments[node.arguments.length - 1], 'typeorm', viaOf(ctx, receiver), known);
      return;
    }
    if (TERMINALS.has(op)) {
      queryBuilder(ctx, node);
      return;
    }
    const access = OPS.get(op);
    if (!access) return;
    const entity = repositoryEntity(ctx, receiver, access);
    let models: ModelRef[];
    let confirmed = true;
    const manager = entity === undefined ? managerOf(ctx, receiver) : null;
    if (entity !== undefined) models = entity ? [entity] : [];
    else if (manager) {
      const target = modelArg(ctx, node.arguments[0], access);
      models = target && /^[A-Z]/.test(target.name === 'default' ? 'X' : target.name) ? [target] : [];
      // On an object of unknown type only an entity argument says this is an EntityManager.
      if (manager === 'shaped' && !models.length) return;
      confirmed = manager === 'known';
    } else return;
    const tx = transactionOf(ctx, receiver, 'typeorm');
    ctx.emit(
      accessFact(ctx, node, {
        library: 'typeorm',
        driver: 'typeorm',
        engine: null,
        method: op,
        operation: access,
        models,
        partial: models.length === 0,
        upsert: op === 'upsert',
        conflict: op === 'upsert' ? 'update' : null,
        via: tx ? tx.via : viaOf(ctx, receiver),
        confirmed,
      }),
    );
  },
};

/** `repo.createQueryBuilder('u').leftJoin(Order, 'o').getMany()`, `ds.createQueryBuilder().update(User).set(...).execute()`. */
function queryBuilder(ctx: VisitContext, node: ts.CallExpression): void {
  const chain = chainOf(node);
  const start = chain.calls.findIndex((c) => c.name === 'createQueryBuilder');
  if (start < 0) return;
  const base = start === 0 ? chain.root : chain.calls[start - 1]!.call;
  const baseRef = ctx.resolve(base);
  const writes = chain.calls.find((c) => BUILDER_WRITES.has(c.name));
  const access: TableAccess = writes ? 'write' : 'read';
  const repo = repositoryEntity(ctx, base, access);
  const known = repo !== undefined || (baseRef?.root.kind === 'module' && MODULES.includes(baseRef.root.module)) || managerOf(ctx, base) === 'known';
  // `createQueryBuilder` is TypeORM's name: on an imported data source the link stage confirms it.
  if (!known && !isLocalObject(ctx, baseRef) && !managerOf(ctx, base)) return;
  const models: ModelRef[] = repo ? [repo] : [];
  for (const c of chain.calls.slice(start)) {
    const target = c.name === 'into' || c.name === 'from' || (c.name === 'update' && c.call.arguments.length) ? modelArg(ctx, c.call.arguments[0], c.name === 'from' && !writes ? 'read' : access) : JOINS.test(c.name) ? modelArg(ctx, c.call.arguments[0], 'read') : null;
    if (target) models.push(target);
  }
  ctx.emit(
    accessFact(ctx, node, {
      library: 'typeorm',
      driver: 'typeorm',
      engine: null,
      method: writes?.name ?? chain.calls[chain.calls.length - 1]!.name,
      operation: models.length ? operationOf(models.map((m) => m.access)) : access,
      models,
      partial: models.length === 0,
      upsert: chain.calls.some((c) => c.name === 'orUpdate' || c.name === 'orIgnore'),
      conflict: chain.calls.some((c) => c.name === 'orUpdate') ? 'update' : chain.calls.some((c) => c.name === 'orIgnore') ? 'ignore' : null,
      locking: chain.calls.some((c) => c.name === 'setLock'),
      via: viaOf(ctx, base),
      confirmed: known,
    }),
  );
}
