import { SqlCursor, STARTS } from './sql-cursor.js';
import { tableName } from './sql-names.js';
import type { TableAccess } from './sql-tables.js';

/** Words that end a table reference: an alias is any other word. */
export const NOT_ALIAS = new Set([
  'WHERE', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'OUTER', 'STRAIGHT_JOIN', 'ON', 'USING', 'SET', 'GROUP', 'ORDER', 'HAVING',
  'LIMIT', 'OFFSET', 'FETCH', 'FOR', 'UNION', 'INTERSECT', 'EXCEPT', 'MINUS', 'WINDOW', 'RETURNING', 'VALUES', 'SELECT', 'FROM', 'WHEN', 'THEN',
  'DEFAULT', 'OUTPUT', 'LATERAL', 'TABLESAMPLE', 'WITH', 'INTO', 'OVERRIDING', 'QUALIFY', 'USE', 'IGNORE', 'FORCE', 'PARTITION', 'APPLY', 'AS', 'ONLY', 'LOCK',
]);
const JOIN_WORDS = new Set(['JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'OUTER', 'STRAIGHT_JOIN']);

/** FROM lists and table references: qualified and quoted names, aliases, joins, derived tables, table functions. */
export abstract class FromReader extends SqlCursor {
  /** A comma- or join-separated list: the first item with `first`, joined items with `joined`. */
  protected fromList(first: TableAccess, joined: TableAccess, target = false): void {
    this.fromItem(first, false, target);
    while (!this.atEnd()) {
      if (this.isPunct(',')) {
        this.i++;
        this.fromItem(first === 'write' ? 'write' : joined, false, target);
        continue;
      }
      const word = this.kw();
      if (JOIN_WORDS.has(word) || ((word === 'CROSS' || word === 'OUTER') && this.kw(1) === 'APPLY')) {
        while (JOIN_WORDS.has(this.kw()) || this.kw() === 'APPLY') this.i++;
        this.fromItem(joined);
        if (this.eat('ON')) this.scan(new Set([...JOIN_WORDS, 'WHERE', 'GROUP', 'ORDER', 'HAVING', 'LIMIT', 'SET', 'RETURNING', 'UNION', 'INTERSECT', 'EXCEPT', 'WINDOW', 'FOR', 'USING', 'WHEN']));
        else if (this.eat('USING') && this.isPunct('(')) this.skipParens();
        if (this.isPunct(',')) continue;
        continue;
      }
      return;
    }
  }

  /** One table reference: a (qualified) name with an alias, a subquery, or a table function. */
  protected fromItem(access: TableAccess, insertTarget = false, updateTarget = false): void {
    while (this.kw() === 'ONLY' || this.kw() === 'LATERAL') this.i++;
    if (this.isPunct('(')) {
      if (STARTS.has(this.kw(1))) this.nested();
      else {
        this.i++;
        this.fromList(access, access);
        if (this.isPunct(')')) this.i++;
      }
      this.alias();
      return;
    }
    const name = this.readName();
    if (!name) return;
    if (this.isPunct('(') && !insertTarget) {
      this.skipParens();
      this.alias();
      return;
    }
    if (updateTarget) this.targets.push(name);
    else this.record(name, access);
    if (this.tok()?.value === '*') this.i++;
    const alias = this.alias();
    if (alias) this.aliases.set(alias, name);
    if (insertTarget && this.isPunct('(')) {
      if (STARTS.has(this.kw(1))) this.nested();
      else this.skipParens();
    }
    // MySQL index hints: USE/IGNORE/FORCE INDEX (...)
    while (['USE', 'IGNORE', 'FORCE'].includes(this.kw()) && ['INDEX', 'KEY'].includes(this.kw(1))) {
      this.i += 2;
      if (this.eat('FOR')) while (!this.isPunct('(') && !this.atEnd()) this.i++;
      if (this.isPunct('(')) this.skipParens();
    }
  }

  /** `[AS] alias [(columns)]`; returns the alias. */
  protected alias(): string | null {
    const explicit = this.eat('AS');
    const t = this.tok();
    if (!t || (t.type !== 'word' && t.type !== 'quoted') || (t.type === 'word' && !explicit && NOT_ALIAS.has(t.value.toUpperCase()))) return null;
    this.i++;
    if (this.isPunct('(')) this.skipParens();
    return t.type === 'quoted' ? t.value : t.value.toLowerCase();
  }

  /** A possibly qualified, possibly quoted name: `schema.table`, `"Order"`, `[dbo].[Orders]`. */
  protected readName(): string | null {
    const parts: { text: string; quoted: boolean }[] = [];
    for (;;) {
      const t = this.tok();
      if (t?.type === 'word' && (parts.length > 0 || !NOT_ALIAS.has(t.value.toUpperCase()))) {
        parts.push({ text: t.value, quoted: false });
        this.i++;
      } else if (t?.type === 'quoted') {
        parts.push({ text: t.value, quoted: true });
        this.i++;
      } else if (t?.type === 'punct' && t.value === '[') {
        let j = this.i + 1;
        const words: string[] = [];
        while (this.tokens[j] && !(this.tokens[j]!.type === 'punct' && this.tokens[j]!.value === ']')) words.push(this.tokens[j++]!.value);
        parts.push({ text: words.join(' '), quoted: true });
        this.i = j + 1;
      } else break;
      if (!this.isPunct('.') || this.tok(1)?.value === '*') break;
      this.i++;
    }
    return parts.length ? tableName(parts) : null;
  }

}
