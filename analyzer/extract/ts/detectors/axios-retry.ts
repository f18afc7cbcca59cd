import type { Retry } from '../../../types/index.js';
import type { VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { callAt, propsAt } from './shared.js';

/** What a file changes on an axios client after creating it. */
export interface AxiosSettings {
  timeoutMs?: number;
  retry?: Retry;
}

const DEFAULT_RETRIES = 3;
const GROWING_DELAYS = new Set(['exponentialDelay', 'linearDelay']);

/** The `axios.create(...)` call an expression names, or the sourceFile for the default `axios` export. */
function clientKey(ctx: VisitContext, expr: ts.Expression): ts.Node | null {
  const ref = ctx.resolve(expr);
  if (!ref || ref.root.kind !== 'module' || ref.root.module !== 'axios' || ref.root.name !== 'default') return null;
  const names = propsAt(ref);
  if (names.length === 0) return ctx.sf;
  return names.length === 2 && names[0] === 'create' && names[1] === '()' ? callAt(ref, 1) : null;
}

/**
 * Whether axios-retry waits longer between attempts: `exponentialDelay`/`linearDelay`, or a
 * delay function that uses the attempt number. Without `retryDelay` it retries at once.
 */
function growingDelay(ctx: VisitContext, expr: ts.Expression | undefined): boolean {
  if (!expr) return false;
  const e = unwrap(expr);
  if (tsv.isPropertyAccessExpression(e)) return GROWING_DELAYS.has(e.name.text);
  if (tsv.isIdentifier(e)) {
    const binding = ctx.refs.env.lookup(e.text);
    if (binding?.kind === 'import') return GROWING_DELAYS.has(binding.name);
    if (binding?.kind === 'function' && binding.node) return growingDelay(ctx, binding.node as ts.Expression);
    return false;
  }
  if ((tsv.isArrowFunction(e) || tsv.isFunctionExpression(e)) && e.parameters[0] && tsv.isIdentifier(e.parameters[0].name) && e.body) {
    const attempt = e.parameters[0].name.text;
    let uses = false;
    const look = (n: ts.Node): void => {
      if (uses) return;
      if (tsv.isIdentifier(n) && n.text === attempt) uses = true;
      tsv.forEachChild(n, look);
    };
    look(e.body);
    return uses;
  }
  return false;
}

/**
 * Reads, once per file, the settings made on axios clients after they are created:
 * `client.defaults.timeout = n` and `axiosRetry(client, { retries, retryDelay })`. Keys are
 * the `axios.create(...)` calls (the source file for the default `axios`).
 */
export function scanAxiosSettings(ctx: VisitContext): WeakMap<ts.Node, AxiosSettings> {
  const out = new WeakMap<ts.Node, AxiosSettings>();
  const text = ctx.sf.text;
  if (!text.includes('.defaults') && !text.includes('axios-retry')) return out;
  const set = (key: ts.Node | null, change: AxiosSettings): void => {
    if (key) out.set(key, { ...out.get(key), ...change });
  };
  const visit = (node: ts.Node): void => {
    if (tsv.isBinaryExpression(node) && node.operatorToken.kind === tsv.SyntaxKind.EqualsToken) {
      const left = unwrap(node.left);
      if (tsv.isPropertyAccessExpression(left) && left.name.text === 'timeout') {
        const owner = unwrap(left.expression);
        if (tsv.isPropertyAccessExpression(owner) && owner.name.text === 'defaults') {
          const ms = ctx.num(node.right);
          if (ms !== null) set(clientKey(ctx, owner.expression), { timeoutMs: ms });
        }
      }
    }
    if (tsv.isCallExpression(node) && node.arguments[0]) {
      const ref = ctx.resolve(node.expression);
      if (ref?.root.kind === 'module' && ref.root.module === 'axios-retry' && ref.steps.length === 0) {
        const options = ctx.props(node.arguments[1]);
        const retries = options.has('retries') ? ctx.num(options.get('retries')) : DEFAULT_RETRIES;
        if (retries !== 0) set(clientKey(ctx, node.arguments[0]), { retry: { attempts: retries, backoff: growingDelay(ctx, options.get('retryDelay')), from: 'instance' } });
      }
    }
    tsv.forEachChild(node, visit);
  };
  visit(ctx.sf);
  return out;
}
