import { MAX_DEPTH, STARTS } from './sql-cursor.js';
import { FromReader } from './sql-from.js';

export type TableAccess = 'read' | 'write' | 'both';

export interface SqlTable {
  /** Normalised name: unquoted parts lower-cased, quoted parts as written, `public.` dropped. */
  name: string;
  access: TableAccess;
}

/** What one text of SQL (one or more statements) does to which tables. */
export interface SqlAnalysis {
  /** `none`: touches no table (BEGIN, SET, DDL, `SELECT 1`); `unknown`: not a statement this reader knows (CALL, garbage). */
  operation: TableAccess | 'none' | 'unknown';
  tables: SqlTable[];
  /** INSERT ... ON CONFLICT / ON DUPLICATE KEY / INSERT IGNORE / REPLACE / MERGE. */
  upsert: boolean;
  /** What a conflicting row does: nothing (a dedupe) or an update. */
  conflict: 'ignore' | 'update' | null;
  /** SELECT ... FOR UPDATE / FOR SHARE. */
  locking: boolean;
}

/** Statements that touch no table. */
const NO_DATA = new Set([
  'BEGIN', 'START', 'COMMIT', 'ROLLBACK', 'SAVEPOINT', 'RELEASE', 'END', 'ABORT', 'SET', 'RESET', 'SHOW', 'DISCARD', 'LISTEN', 'NOTIFY', 'UNLISTEN',
  'PREPARE', 'DEALLOCATE', 'DECLARE', 'FETCH', 'CLOSE', 'ANALYZE', 'VACUUM', 'USE', 'LOCK', 'UNLOCK', 'EXPLAIN', 'DESCRIBE', 'DESC', 'PRAGMA',
  'CREATE', 'ALTER', 'DROP', 'COMMENT', 'GRANT', 'REVOKE', 'REINDEX', 'CLUSTER', 'REFRESH', 'RENAME', 'CHECKPOINT', 'DO',
]);

/** Reads which tables a SQL text reads and writes. Never throws; unknown input gives `unknown`. */
export function analyzeSql(text: string): SqlAnalysis {
  const reader = new StatementReader(text);
  reader.parseAll();
  return reader.result();
}

/** The statements: SELECT, WITH, INSERT, UPDATE, DELETE, MERGE, TRUNCATE, COPY, several in one text. */
class StatementReader extends FromReader {
  parseAll(): void {
    while (this.i < this.tokens.length) {
      if (this.isPunct(';') || this.isPunct(')')) {
        this.i++;
        continue;
      }
      const before = this.i;
      this.statement();
      this.scan(new Set());
      if (this.i === before) this.i++;
    }
  }

  protected statement(): void {
    if (this.depth > MAX_DEPTH) return;
    this.depth++;
    try {
      if (this.kw() === 'WITH') this.withClause();
      const word = this.kw();
      if (word === 'SELECT') this.select();
      else if (word === 'VALUES') this.i++;
      else if (word === 'TABLE') {
        this.i++;
        this.fromItem('read');
      } else if (word === 'INSERT' || word === 'REPLACE' || word === 'UPSERT') this.insert(word);
      else if (word === 'UPDATE') this.update();
      else if (word === 'DELETE') this.delete();
      else if (word === 'MERGE') this.merge();
      else if (word === 'TRUNCATE') this.truncate();
      else if (word === 'COPY') this.copy();
      else if (this.isPunct('(')) this.nested();
      else if (!NO_DATA.has(word)) this.unknown = true;
      this.scanTail();
    } finally {
      this.depth--;
    }
  }

  /** `WITH [RECURSIVE] name [(cols)] AS [NOT] [MATERIALIZED] (statement), ...` */
  protected withClause(): void {
    this.i++;
    this.eat('RECURSIVE');
    while (!this.atEnd()) {
      const name = this.readName();
      if (name) this.ctes.add(name);
      if (this.isPunct('(')) this.skipParens();
      if (!this.eat('AS')) return;
      this.eat('NOT');
      this.eat('MATERIALIZED');
      if (this.isPunct('(')) this.nested();
      if (!this.isPunct(',')) return;
      this.i++;
    }
  }

  protected select(): void {
    this.i++;
    this.scan(new Set(['FROM', 'INTO']));
    if (this.kw() === 'INTO') {
      // SELECT ... INTO var (PL/pgSQL, T-SQL): not a table read.
      this.i++;
      this.scan(new Set(['FROM']));
    }
    if (this.eat('FROM')) this.fromList('read', 'read');
  }

  protected insert(word: string): void {
    this.i++;
    if (word !== 'INSERT') this.markConflict('update');
    for (;;) {
      const mod = this.kw();
      if (mod === 'IGNORE') this.markConflict('ignore');
      if (mod === 'OR') {
        this.i++;
        const action = this.kw();
        if (action === 'REPLACE') this.markConflict('update');
        else if (action === 'IGNORE') this.markConflict('ignore');
      }
      if (['LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY', 'IGNORE', 'OR', 'REPLACE', 'ABORT', 'FAIL', 'ROLLBACK'].includes(mod)) this.i++;
      else break;
    }
    this.eat('INTO');
    this.fromItem('write', true);
  }

  protected update(): void {
    this.i++;
    while (['LOW_PRIORITY', 'IGNORE', 'ONLY'].includes(this.kw())) this.i++;
    this.fromList('write', 'read', true);
    this.scan(new Set(['FROM']));
    if (this.eat('FROM')) this.fromList('read', 'read');
  }

  protected delete(): void {
    this.i++;
    while (['LOW_PRIORITY', 'QUICK', 'IGNORE'].includes(this.kw())) this.i++;
    if (this.eat('FROM')) {
      this.fromItem('write');
      if (this.eat('USING')) this.fromList('read', 'read');
      return;
    }
    // DELETE t1, t2 FROM t1 JOIN t2 ... (MySQL), DELETE t WHERE ... (T-SQL, Oracle)
    const names: string[] = [];
    while (!this.atEnd()) {
      const name = this.readName();
      if (!name) break;
      names.push(name);
      if (this.isPunct('.') && this.tok(1)?.value === '*') this.i += 2;
      if (!this.isPunct(',')) break;
      this.i++;
    }
    if (this.eat('FROM')) {
      this.fromList('read', 'read');
      this.targets.push(...names);
    } else for (const name of names) this.record(name, 'write');
  }

  /** `MERGE INTO target USING source ON ... WHEN MATCHED THEN UPDATE ... WHEN NOT MATCHED THEN INSERT ...` */
  protected merge(): void {
    this.i++;
    this.eat('INTO');
    this.fromItem('write');
    this.markConflict('update');
    if (this.eat('USING')) this.fromItem('read');
  }

  protected truncate(): void {
    this.i++;
    this.eat('TABLE');
    this.eat('ONLY');
    while (!this.atEnd()) {
      const name = this.readName();
      if (name) this.record(name, 'write');
      if (!this.isPunct(',')) return;
      this.i++;
    }
  }

  /** `COPY table FROM ...` writes, `COPY table TO ...` and `COPY (query) TO ...` read. */
  protected copy(): void {
    this.i++;
    if (this.isPunct('(')) {
      this.nested();
      return;
    }
    const name = this.readName();
    if (this.isPunct('(')) this.skipParens();
    if (name) this.record(name, this.kw() === 'FROM' ? 'write' : 'read');
  }
}
