import type { DataEngine, DbModelFact } from '../../../types/data-facts.js';
import type { Detector, VisitContext } from '../detector.js';
import { literalOf } from '../evaluate.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { connectionFact, creationOf } from './data-connections.js';
import { pluralize } from './data-names.js';
import { decoratorCall, isDefaultExported, isExportedClass } from './data-models.js';

const DIALECTS: Record<string, DataEngine> = { postgres: 'postgres', mysql: 'mysql', mariadb: 'mysql', sqlite: 'sqlite', mssql: 'mssql', oracle: 'oracle' };

/** `new Sequelize(url, options)`, `new Sequelize(database, user, password, { host, dialect })`, `new Sequelize({ dialect, host, database })`. */
function sequelizeConnection(ctx: VisitContext, node: ts.CallExpression | ts.NewExpression) {
  const args = node.arguments ?? [];
  const first = ctx.props(args[0]);
  const options = first.size ? first : ctx.props(args.length >= 3 ? args[3] : args[1]);
  const dialect = literalOf(ctx.str(options.get('dialect')));
  const engine = dialect ? (DIALECTS[dialect] ?? null) : null;
  if (first.size) return { engine, url: ctx.str(first.get('url')), host: ctx.str(first.get('host')), database: ctx.str(first.get('database')) };
  if (args.length >= 3) return { engine, host: ctx.str(options.get('host')) ?? [{ lit: 'localhost' }], database: ctx.str(args[0]) };
  return { engine, url: ctx.str(args[0]) };
}

/** Sequelize's table for a model: `tableName`, the model name with `freezeTableName`, else the plural of the model name. */
function tableOf(ctx: VisitContext, model: string, options: Map<string, ts.Expression>): string {
  const given = literalOf(ctx.str(options.get('tableName')));
  if (given) return given;
  return options.get('freezeTableName')?.kind === tsv.SyntaxKind.TrueKeyword ? model : pluralize(model);
}

function model(ctx: VisitContext, node: ts.Node, name: string, modelName: string, table: string, exported: boolean): DbModelFact {
  return { kind: 'db-model', file: ctx.file, line: ctx.line(node), library: 'sequelize', driver: 'sequelize', name, model: modelName, table, exported };
}

/**
 * Sequelize: connections and models with their tables: `sequelize.define('User', attrs, opts)`,
 * `class User extends Model {}` with `User.init(attrs, { sequelize, tableName })`, and
 * sequelize-typescript's `@Table({ tableName })`. Calls on models are read by model-calls.
 */
export const sequelizeDetector: Detector = {
  id: 'sequelize',
  modules: ['sequelize', 'sequelize-typescript'],
  visitClass(node, ctx) {
    const table = decoratorCall(ctx, node, ['Table'], ['sequelize-typescript']);
    if (!table || !node.name) return;
    const options = ctx.props(tsv.isCallExpression(table) ? table.arguments[0] : undefined);
    const modelName = literalOf(ctx.str(options.get('modelName'))) ?? node.name.text;
    ctx.emit(model(ctx, node, node.name.text, modelName, tableOf(ctx, modelName, options), isExportedClass(node)));
  },
  visitCall(node, ctx) {
    const creation = creationOf(ctx.resolve(node));
    if (creation?.driver === 'sequelize') {
      const { engine, ...fields } = sequelizeConnection(ctx, node);
      ctx.emit(connectionFact(ctx, node, 'sequelize', creation, { ...fields, engine }));
      return;
    }
    if (!tsv.isCallExpression(node)) return;
    const callee = unwrap(node.expression);
    if (!tsv.isPropertyAccessExpression(callee)) return;
    if (callee.name.text === 'define') {
      const name = literalOf(ctx.str(node.arguments[0]));
      if (!name || !ctx.props(node.arguments[1]).size) return;
      const exportedDefault = isDefaultExported(ctx, node);
      ctx.emit(model(ctx, node, ctx.declaration?.name ?? (exportedDefault ? 'default' : name), name, tableOf(ctx, name, ctx.props(node.arguments[2])), ctx.declaration?.exported ?? exportedDefault));
    } else if (callee.name.text === 'init') {
      const target = unwrap(callee.expression);
      const binding = tsv.isIdentifier(target) ? ctx.refs.env.lookup(target.text) : undefined;
      const options = ctx.props(node.arguments[1]);
      if (binding?.kind !== 'class' || !options.has('sequelize')) return;
      const modelName = literalOf(ctx.str(options.get('modelName'))) ?? binding.name;
      ctx.emit(model(ctx, node, binding.name, modelName, tableOf(ctx, modelName, options), isExportedClass(binding.node)));
    }
  },
};
