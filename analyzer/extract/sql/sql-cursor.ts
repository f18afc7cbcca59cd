import { tokenize, type Token } from './sql-lexer.js';
import type { SqlAnalysis, TableAccess } from './sql-tables.js';

/** Words that start a statement (also inside parentheses: a subquery). */
export const STARTS = new Set(['SELECT', 'WITH', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'REPLACE', 'UPSERT', 'VALUES', 'TABLE', 'TRUNCATE', 'COPY']);
export const MAX_DEPTH = 64;

/**
 * The reader's state and token navigation: what was found so far (tables and their access,
 * CTE names, aliases, write targets named by alias, flags), and skipping expressions while
 * reading the subqueries and flags inside them. Statements are read by `sql-tables.ts`.
 */
export abstract class SqlCursor {
  protected i = 0;
  protected depth = 0;
  protected readonly ctes = new Set<string>();
  protected readonly aliases = new Map<string, string>();
  protected readonly found = new Map<string, TableAccess>();
  protected readonly targets: string[] = [];
  protected unknown = false;
  protected upsert = false;
  protected conflict: SqlAnalysis['conflict'] = null;
  protected locking = false;
  protected readonly tokens: Token[];

  constructor(text: string) {
    this.tokens = tokenize(text);
  }

  /** Reads one statement at the current level, up to `;`, the closing `)` or the end. */
  protected abstract statement(): void;
  /** A SELECT (also after UNION, INTERSECT, EXCEPT). */
  protected abstract select(): void;

  result(): SqlAnalysis {
    // Write targets named by alias (`UPDATE o SET ... FROM orders o`, `DELETE t FROM t JOIN u`).
    // The target's own FROM reference (`UPDATE o ... FROM orders o`) is how it is found, not a separate read.
    for (const target of this.targets) this.found.set(this.aliases.get(target) ?? target, 'write');
    for (const cte of this.ctes) this.found.delete(cte);
    const tables = [...this.found].map(([name, access]) => ({ name, access })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const reads = tables.some((t) => t.access !== 'write');
    const writes = tables.some((t) => t.access !== 'read');
    const operation = reads && writes ? 'both' : writes ? 'write' : reads ? 'read' : this.unknown ? 'unknown' : 'none';
    return { operation, tables, upsert: this.upsert, conflict: this.conflict, locking: this.locking };
  }

  protected tok(k = 0): Token | undefined {
    return this.tokens[this.i + k];
  }
  protected kw(k = 0): string {
    const t = this.tok(k);
    return t?.type === 'word' ? t.value.toUpperCase() : '';
  }
  protected isPunct(p: string, k = 0): boolean {
    const t = this.tok(k);
    return t?.type === 'punct' && t.value === p;
  }
  /** End of the current level: end of text, `;` or the `)` closing a subquery. */
  protected atEnd(): boolean {
    return this.i >= this.tokens.length || this.isPunct(';') || this.isPunct(')');
  }
  protected eat(word: string): boolean {
    if (this.kw() !== word) return false;
    this.i++;
    return true;
  }

  protected record(name: string, access: TableAccess): void {
    const old = this.found.get(name);
    this.found.set(name, !old || old === access ? access : 'both');
  }

  /** `(`: a subquery (parsed as a statement) or a parenthesised expression (scanned). */
  protected nested(): void {
    this.i++;
    if (this.depth > MAX_DEPTH) {
      this.skipToClose();
      return;
    }
    if (STARTS.has(this.kw()) || this.isPunct('(')) this.statement();
    else this.scan(new Set());
    if (this.isPunct(')')) this.i++;
  }

  protected skipParens(): void {
    this.nested();
  }

  protected skipToClose(): void {
    let level = 0;
    while (this.i < this.tokens.length) {
      if (this.isPunct('(')) level++;
      else if (this.isPunct(')')) {
        if (level === 0) break;
        level--;
      }
      this.i++;
    }
    if (this.isPunct(')')) this.i++;
  }

  /** Skips an expression up to the end of the level or a stop word, reading subqueries and flags on the way. */
  protected scan(stops: Set<string>): void {
    while (!this.atEnd()) {
      const word = this.kw();
      if (word && stops.has(word) && !(word === 'FROM' && this.kw(-1) === 'DISTINCT')) return;
      if (this.isPunct('(')) {
        this.nested();
        continue;
      }
      this.flags(word);
      this.i++;
    }
  }

  /** After a statement's main clauses: set operations, ON CONFLICT, RETURNING, ... up to the end of the level. */
  protected scanTail(): void {
    while (!this.atEnd()) {
      const word = this.kw();
      if (word === 'UNION' || word === 'INTERSECT' || word === 'EXCEPT' || word === 'MINUS') {
        this.i++;
        while (['ALL', 'DISTINCT'].includes(this.kw())) this.i++;
        if (this.kw() === 'SELECT') this.select();
        continue;
      }
      if (word === 'SELECT' || word === 'WITH') {
        // INSERT ... SELECT, INSERT ... WITH ... SELECT
        this.statement();
        continue;
      }
      if (this.isPunct('(')) {
        this.nested();
        continue;
      }
      this.flags(word);
      this.i++;
    }
  }

  protected flags(word: string): void {
    if (word === 'ON' && this.kw(1) === 'CONFLICT') {
      let j = 2;
      let level = 0;
      while (this.tok(j) && !(level === 0 && this.kw(j) === 'DO')) {
        if (this.isPunct('(', j)) level++;
        if (this.isPunct(')', j)) level--;
        if (level < 0) break;
        j++;
      }
      this.markConflict(this.kw(j + 1) === 'UPDATE' ? 'update' : 'ignore');
    } else if (word === 'ON' && this.kw(1) === 'DUPLICATE') this.markConflict('update');
    else if (word === 'FOR' && ['UPDATE', 'SHARE', 'NO', 'KEY'].includes(this.kw(1))) this.locking = true;
    else if (word === 'LOCK' && this.kw(1) === 'IN') this.locking = true;
  }

  protected markConflict(action: 'ignore' | 'update'): void {
    this.upsert = true;
    if (this.conflict !== 'update') this.conflict = action;
  }
}
