import type { DedupeHow } from '../../../types/messaging-facts.js';
import type { Detector, VisitContext } from '../detector.js';
import { memberPath } from '../evaluate.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { methodOf } from './messaging-shared.js';

/** Tables and stores named for remembering handled messages: `processed_events`, `inbox`, `message_dedup`, `idempotency_keys`. */
const DEDUPE_NAME = /(processed|inbox|dedup|idempoten|handled_?(message|event)|consumed_?(message|event)|seen_?(message|event|id))/i;
const INSERT_IGNORE = /\binsert\s+(?:(?:or\s+)?ignore\s+)?into\s+[`"[]?([\w.]+)[\s\S]*?\bon\s+conflict\b[\s\S]*?\bdo\s+nothing\b|\binsert\s+(?:or\s+)?ignore\s+into\s+[`"[]?([\w.]+)/i;
const DEDUPE_TABLE = /\b(select|insert|update|delete)\b[\s\S]*?\b(?:from|into|update|join)\s+[`"]?(?:\w+\.)?[`"]?(\w+)/gi;
const UNIQUE_VIOLATION = /23505|ER_DUP_ENTRY|\b1062\b|E11000|\b11000\b|P2002|UniqueConstraint|unique_violation|duplicate key|UNIQUE constraint failed|SQLITE_CONSTRAINT_UNIQUE/;
const STORE_METHODS = /^(findUnique|findFirst|findOne|findOneBy|findById|exists|count|has|get|create|insert|insertOne|save|add|upsert|sismember|sIsMember|sadd|sAdd)$/;

/** SQL text of an argument, with `?` where it is not known. */
function sqlText(ctx: VisitContext, arg: ts.Expression): string | null {
  const e = unwrap(arg);
  if (!tsv.isStringLiteralLike(e) && !tsv.isTemplateExpression(e) && !tsv.isIdentifier(e) && !tsv.isBinaryExpression(e)) return null;
  const sym = ctx.str(e);
  if (!sym) return null;
  return sym.map((p) => ('lit' in p ? p.lit : ' ? ')).join('');
}

function fromSql(sql: string): { how: DedupeHow; detail: string } | null {
  if (!/\b(insert|select|update|delete)\b/i.test(sql)) return null;
  const ignore = INSERT_IGNORE.exec(sql);
  if (ignore) return { how: 'insert-ignore', detail: `INSERT INTO ${ignore[1] ?? ignore[2]} ... ${ignore[2] ? 'IGNORE' : 'ON CONFLICT DO NOTHING'}` };
  for (const m of sql.matchAll(DEDUPE_TABLE)) {
    if (/select|insert/i.test(m[1]!) && DEDUPE_NAME.test(m[2]!)) return { how: 'processed-lookup', detail: `${m[1]!.toUpperCase()} ${m[2]}` };
  }
  return null;
}

/** Query builders and ORMs: `.onConflictDoNothing()`, `.onConflict(...).ignore()`, `.orIgnore()`, `skipDuplicates: true`, `ignoreDuplicates: true`. */
function fromBuilder(ctx: VisitContext, node: ts.CallExpression, method: string): { how: DedupeHow; detail: string } | null {
  if (method === 'onConflictDoNothing' || method === 'orIgnore' || method === 'doNothing') return { how: 'insert-ignore', detail: `.${method}()` };
  if (method === 'ignore') {
    const receiver = unwrap((unwrap(node.expression) as ts.PropertyAccessExpression).expression);
    if (tsv.isCallExpression(receiver) && methodOf(receiver) === 'onConflict') return { how: 'insert-ignore', detail: '.onConflict().ignore()' };
  }
  for (const arg of node.arguments) {
    const props = ctx.props(arg);
    for (const flag of ['skipDuplicates', 'ignoreDuplicates']) {
      const value = props.get(flag);
      if (value && unwrap(value).kind === tsv.SyntaxKind.TrueKeyword) return { how: 'insert-ignore', detail: `${flag}: true` };
    }
  }
  return null;
}

/** Redis: `SET key value NX`, `setnx`; lookups in a store named for processed messages. */
function fromStore(ctx: VisitContext, node: ts.CallExpression, method: string): { how: DedupeHow; detail: string } | null {
  const lower = method.toLowerCase();
  if (lower === 'setnx') return { how: 'claim-key', detail: 'SETNX' };
  if (lower === 'set' && node.arguments.length >= 3) {
    const nx = node.arguments.slice(2).some((a) => {
      const e = unwrap(a);
      if (tsv.isStringLiteralLike(e)) return e.text.toUpperCase() === 'NX';
      const props = ctx.props(e);
      return [...props.keys()].some((k) => k.toUpperCase() === 'NX');
    });
    if (nx) return { how: 'claim-key', detail: 'SET NX' };
  }
  if (!STORE_METHODS.test(method)) return null;
  const path = memberPath(unwrap(node.expression));
  const named = path ? [path.root, ...path.members.slice(0, -1)].find((n) => DEDUPE_NAME.test(n)) : undefined;
  if (named) return { how: 'processed-lookup', detail: `${named}.${method}()` };
  const key = node.arguments[0] ? ctx.str(node.arguments[0]) : null;
  const keyText = key?.map((p) => ('lit' in p ? p.lit : '')).join('') ?? '';
  // Redis keys: `processed:<id>` read with GET or EXISTS, or a set of processed ids.
  if (/^(get|exists|sismember|sIsMember|sadd|sAdd)$/.test(method) && DEDUPE_NAME.test(keyText) && (method !== 'get' || keyText.includes(':'))) return { how: 'processed-lookup', detail: `${method} ${keyText}` };
  return null;
}

interface CatchSite {
  start: number;
  end: number;
  line: number;
  /** The error code or class the catch clause checks. */
  code: string;
}

const catchCache = new WeakMap<ts.SourceFile, CatchSite[]>();

/** Try blocks whose catch clause tells a unique-constraint violation apart (read once per file that mentions one). */
function uniqueViolationCatches(sf: ts.SourceFile): CatchSite[] {
  const cached = catchCache.get(sf);
  if (cached) return cached;
  const out: CatchSite[] = [];
  if (UNIQUE_VIOLATION.test(sf.text)) {
    const visit = (node: ts.Node): void => {
      const code = node.kind === tsv.SyntaxKind.TryStatement && (node as ts.TryStatement).catchClause ? UNIQUE_VIOLATION.exec((node as ts.TryStatement).catchClause!.getText(sf))?.[0] : undefined;
      if (tsv.isTryStatement(node) && node.catchClause && code) {
        out.push({ start: node.tryBlock.getStart(sf), end: node.tryBlock.end, line: sf.getLineAndCharacterOfPosition(node.catchClause.getStart(sf)).line + 1, code });
      }
      tsv.forEachChild(node, visit);
    };
    visit(sf);
  }
  catchCache.set(sf, out);
  return out;
}

const emittedCatches = new WeakMap<ts.SourceFile, Set<number>>();

/**
 * What makes handling a message twice harmless, wherever it is written: an insert that
 * ignores duplicates (`ON CONFLICT DO NOTHING`, `INSERT IGNORE`, `.onConflictDoNothing()`,
 * `skipDuplicates`), a store of processed message ids (SQL on a `processed_*`/`inbox`/`dedup`
 * table, `processedEvents.has(id)`), a key claimed with Redis `SET NX`, a caught
 * unique-constraint violation (23505, ER_DUP_ENTRY, E11000, P2002). The link stage counts a
 * consumer as deduplicating when its handling reaches one.
 */
export const messageDedupeDetector: Detector = {
  id: 'message-dedupe',
  modules: [],
  always: true,
  visitCall(node, ctx) {
    if (!tsv.isCallExpression(node)) return;
    const catches = uniqueViolationCatches(ctx.sf);
    if (catches.length) {
      const pos = node.getStart(ctx.sf);
      const inside = catches.find((c) => c.start <= pos && pos < c.end);
      const emitted = emittedCatches.get(ctx.sf) ?? new Set<number>();
      emittedCatches.set(ctx.sf, emitted);
      if (inside && !emitted.has(inside.start)) {
        emitted.add(inside.start);
        ctx.emit({ kind: 'dedupe-guard', file: ctx.file, line: inside.line, library: 'code', scope: ctx.scope.id, how: 'unique-violation', detail: `catch ${inside.code}` });
      }
    }
    const method = methodOf(node);
    let found: { how: DedupeHow; detail: string } | null = null;
    let library = 'sql';
    for (const arg of node.arguments.slice(0, 2)) {
      const sql = sqlText(ctx, arg);
      found = sql ? fromSql(sql) : null;
      if (found) break;
    }
    if (!found && method) {
      found = fromBuilder(ctx, node, method);
      library = 'orm';
      if (!found) {
        found = fromStore(ctx, node, method);
        library = found?.how === 'claim-key' ? 'redis' : 'code';
      }
    }
    if (found) ctx.emit({ kind: 'dedupe-guard', file: ctx.file, line: ctx.line(node), library, scope: ctx.scope.id, ...found });
  },
};
