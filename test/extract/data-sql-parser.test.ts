import { describe, expect, it } from 'vitest';
import { tokenize } from '../../analyzer/extract/sql/sql-lexer.js';
import { analyzeSql } from '../../analyzer/extract/sql/sql-tables.js';

/** `table:access` list and the operation, the compact view the cases compare. */
function view(sql: string): string {
  const a = analyzeSql(sql);
  const flags = [a.upsert ? `upsert:${a.conflict}` : '', a.locking ? 'locking' : ''].filter(Boolean);
  return [a.operation, ...a.tables.map((t) => `${t.name}:${t.access}`), ...flags].join(' ');
}

describe('SQL lexer', () => {
  it('keeps strings, comments, quoted identifiers and dollar quotes whole', () => {
    const tokens = tokenize(`SELECT 'it''s FROM x', $$ DELETE FROM y $$, "Mixed ""Case""" -- FROM z\n/* outer /* inner */ FROM w */ FROM \`t\` WHERE a::text = $1 AND b = :name AND c = @p AND d = ?`);
    expect(tokens.map((t) => `${t.type}:${t.value}`)).toEqual([
      'word:SELECT', "string:it's FROM x", 'punct:,', 'string: DELETE FROM y ', 'punct:,', 'quoted:Mixed "Case"',
      'word:FROM', 'quoted:t', 'word:WHERE', 'word:a', 'op:::', 'word:text', 'op:=', 'param:$1', 'word:AND', 'word:b', 'op:=', 'param::name',
      'word:AND', 'word:c', 'op:=', 'param:@p', 'word:AND', 'word:d', 'op:=', 'param:?',
    ]);
  });

  it('reads E-strings with backslash escapes and tagged dollar quotes', () => {
    expect(tokenize(`E'a\\'b' $fn$ x $ y $fn$ N'z'`).map((t) => t.value)).toEqual(["a\\'b", ' x $ y ', 'z']);
  });

  it('survives unterminated input', () => {
    expect(tokenize(`SELECT 'open`).map((t) => t.type)).toEqual(['word', 'string']);
    expect(tokenize(`/* open`)).toEqual([]);
  });
});

describe('SQL tables', () => {
  const cases: [string, string][] = [
    // reads
    ['SELECT id, email FROM users WHERE id = $1', 'read users:read'],
    ['select * from Users u join addresses a on a.user_id = u.id left outer join prefs p using (user_id)', 'read addresses:read prefs:read users:read'],
    ['SELECT * FROM orders o, order_items i WHERE i.order_id = o.id', 'read order_items:read orders:read'],
    ['SELECT * FROM public.orders', 'read orders:read'],
    ['SELECT * FROM billing.invoices', 'read billing.invoices:read'],
    ['SELECT * FROM "Order" JOIN "public"."Line" ON true', 'read Line:read Order:read'],
    ['SELECT * FROM `shop`.`order_items`', 'read shop.order_items:read'],
    ['SELECT * FROM [dbo].[Orders] o', 'read dbo.Orders:read'],
    ['SELECT 1', 'none'],
    ['SELECT now(), nextval(\'orders_seq\')', 'none'],
    ['SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL', 'read notifications:read'],
    ['SELECT sku, on_hand FROM stock_levels WHERE sku = ANY($1::text[]) ORDER BY sku FOR UPDATE', 'read stock_levels:read locking'],
    ['SELECT * FROM jobs WHERE status = \'new\' LIMIT 1 FOR UPDATE SKIP LOCKED', 'read jobs:read locking'],
    ['SELECT * FROM accounts FOR NO KEY UPDATE', 'read accounts:read locking'],
    // subqueries, derived tables, functions
    ['SELECT * FROM (SELECT * FROM orders WHERE total > 10) big JOIN users ON users.id = big.user_id', 'read orders:read users:read'],
    ['SELECT p.sku FROM products p LEFT JOIN (SELECT sku, SUM(quantity) AS quantity FROM stock_reservations WHERE status = \'held\' GROUP BY sku) held ON held.sku = p.sku', 'read products:read stock_reservations:read'],
    ['SELECT * FROM users WHERE id IN (SELECT user_id FROM orders) AND EXISTS (SELECT 1 FROM bans WHERE bans.user_id = users.id)', 'read bans:read orders:read users:read'],
    ['SELECT (SELECT max(id) FROM audit) AS last, EXTRACT(YEAR FROM created_at) FROM events', 'read audit:read events:read'],
    ['SELECT * FROM unnest($1::text[]) AS t(sku) JOIN products USING (sku)', 'read products:read'],
    ['SELECT * FROM generate_series(1, 10) g, LATERAL (SELECT * FROM slots WHERE slots.n = g) s', 'read slots:read'],
    ['SELECT a IS DISTINCT FROM b FROM pairs', 'read pairs:read'],
    ['SELECT * FROM a UNION ALL SELECT * FROM b EXCEPT SELECT * FROM c', 'read a:read b:read c:read'],
    ['(SELECT id FROM a) UNION (SELECT id FROM b)', 'read a:read b:read'],
    // CTEs
    ['WITH recent AS (SELECT * FROM orders WHERE created_at > now() - interval \'1 day\') SELECT * FROM recent JOIN users ON users.id = recent.user_id', 'read orders:read users:read'],
    ['WITH RECURSIVE tree(id, parent) AS (SELECT id, parent FROM categories WHERE parent IS NULL UNION ALL SELECT c.id, c.parent FROM categories c JOIN tree ON c.parent = tree.id) SELECT * FROM tree', 'read categories:read'],
    ['WITH moved AS (DELETE FROM outbox WHERE sent RETURNING *) INSERT INTO outbox_archive SELECT * FROM moved', 'write outbox:write outbox_archive:write'],
    ['WITH x AS MATERIALIZED (SELECT 1) SELECT * FROM x', 'none'],
    // writes
    ["INSERT INTO users (id, email) VALUES ($1, $2)", 'write users:write'],
    ["INSERT INTO stock_reservations (order_id, sku, quantity, status) VALUES ($1, $2, $3, 'held') ON CONFLICT (order_id, sku) DO NOTHING", 'write stock_reservations:write upsert:ignore'],
    ['INSERT INTO users (id, email) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email RETURNING id', 'write users:write upsert:update'],
    ['INSERT INTO t AS x (a) VALUES (1) ON CONFLICT ON CONSTRAINT t_pkey DO UPDATE SET a = x.a + 1', 'write t:write upsert:update'],
    ['INSERT INTO counters (k, n) VALUES (?, 1) ON DUPLICATE KEY UPDATE n = n + 1', 'write counters:write upsert:update'],
    ['INSERT IGNORE INTO seen (id) VALUES (?)', 'write seen:write upsert:ignore'],
    ['INSERT OR REPLACE INTO kv (k, v) VALUES (?, ?)', 'write kv:write upsert:update'],
    ['REPLACE INTO kv (k, v) VALUES (?, ?)', 'write kv:write upsert:update'],
    ['INSERT INTO archive (id, total) SELECT id, total FROM orders WHERE created_at < $1', 'both archive:write orders:read'],
    ['INSERT INTO archive (SELECT * FROM orders)', 'both archive:write orders:read'],
    ['INSERT INTO audit (user_id, n) VALUES ($1, (SELECT count(*) FROM logins WHERE user_id = $1))', 'both audit:write logins:read'],
    ['INSERT INTO t DEFAULT VALUES', 'write t:write'],
    ["UPDATE user_preferences SET marketing_emails = false, unsubscribed_at = now() WHERE user_id = $1 AND unsubscribe_token = $2", 'write user_preferences:write'],
    ['UPDATE stock_levels s SET on_hand = s.on_hand - r.quantity FROM stock_reservations r WHERE r.order_id = $1 AND r.sku = s.sku', 'both stock_levels:write stock_reservations:read'],
    ['UPDATE o SET o.status = 1 FROM orders o JOIN users u ON u.id = o.user_id', 'both orders:write users:read'],
    ['UPDATE orders o JOIN users u ON u.id = o.user_id SET o.vip = u.vip', 'both orders:write users:read'],
    ['UPDATE ONLY accounts SET balance = (SELECT sum(amount) FROM ledger WHERE ledger.account = accounts.id)', 'both accounts:write ledger:read'],
    ['DELETE FROM sessions WHERE expires_at < now()', 'write sessions:write'],
    ['DELETE FROM order_items oi USING orders o WHERE oi.order_id = o.id AND o.status = \'cancelled\'', 'both order_items:write orders:read'],
    ['DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id', 'both t1:write t2:read'],
    ['DELETE a FROM carts a WHERE a.updated < ?', 'write carts:write'],
    ['DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND response_status IS NULL', 'write idempotency_keys:write'],
    ['MERGE INTO inventory AS t USING incoming AS s ON t.sku = s.sku WHEN MATCHED THEN UPDATE SET qty = s.qty WHEN NOT MATCHED THEN INSERT (sku, qty) VALUES (s.sku, s.qty)', 'both incoming:read inventory:write upsert:update'],
    ['MERGE INTO totals t USING (SELECT sku, sum(q) q FROM moves GROUP BY sku) m ON t.sku = m.sku WHEN MATCHED THEN DELETE', 'both moves:read totals:write upsert:update'],
    ['TRUNCATE TABLE carts, sessions', 'write carts:write sessions:write'],
    ['COPY events FROM STDIN', 'write events:write'],
    ['COPY (SELECT * FROM events) TO STDOUT', 'read events:read'],
    // comments and strings that contain keywords
    ["SELECT 'DELETE FROM users' AS text FROM notes -- UPDATE secrets SET x = 1", 'read notes:read'],
    ['/* INSERT INTO audit */ SELECT * FROM /* hidden */ visible', 'read visible:read'],
    ['SELECT $body$ DROP TABLE x; DELETE FROM y $body$ FROM templates', 'read templates:read'],
    ['SELECT "from" FROM "select"', 'read select:read'],
    // several statements, no data, unknown
    ['BEGIN; UPDATE a SET x = 1; INSERT INTO b VALUES (1); COMMIT', 'write a:write b:write'],
    ['BEGIN', 'none'],
    ['SET statement_timeout = 1000', 'none'],
    ['CREATE TABLE IF NOT EXISTS x (id int)', 'none'],
    ['CALL recalculate_totals($1)', 'unknown'],
    ['hello world', 'unknown'],
    ['', 'none'],
    // placeholders for symbolic parts stay names
    ['SELECT * FROM __sym0__ WHERE id = __sym1__', 'read __sym0__:read'],
    ['INSERT INTO __sym0__.events (a) VALUES (1)', 'write __sym0__.events:write'],
  ];
  it.each(cases)('%s', (sql, expected) => {
    expect(view(sql)).toBe(expected);
  });

  it('never throws and stays fast on hostile input', () => {
    const deep = `${'('.repeat(5000)}SELECT * FROM t${')'.repeat(5000)}`;
    const started = Date.now();
    expect(() => analyzeSql(deep)).not.toThrow();
    expect(() => analyzeSql(`SELECT ${'a, '.repeat(50_000)} FROM big`)).not.toThrow();
    expect(() => analyzeSql('))) FROM ( JOIN ,,, ;;; UPDATE')).not.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
