import type { Retry, SymString, Timeout } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import type { Ref } from '../references.js';
import { scanAxiosSettings, type AxiosSettings } from './axios-retry.js';
import { callAt, HTTP_VERBS, joinPrefix, optionsTimeout, propsAt } from './shared.js';

const VERBS = new Set<string>(HTTP_VERBS);
const WITH_BODY = new Set(['post', 'put', 'patch']);

interface Instance {
  base: SymString | null;
  timeout: Timeout | null;
  retry: Retry | null;
}

/** Settings made on clients after creation (`defaults.timeout`, axios-retry), per file. */
const settingsOf = new WeakMap<ts.SourceFile, WeakMap<ts.Node, AxiosSettings>>();

function settings(ctx: VisitContext, key: ts.Node): AxiosSettings | undefined {
  return settingsOf.get(ctx.sf)?.get(key);
}

/** The axios default export, or an instance made by `axios.create(...)`; null when the ref is neither. */
function clientOf(ref: Ref | null, ctx: VisitContext): { instance: Instance | null; rest: string[] } | null {
  if (!ref || ref.root.kind !== 'module' || ref.root.module !== 'axios' || ref.root.name !== 'default') return null;
  const names = propsAt(ref);
  if (names[0] === 'create' && names[1] === '()') {
    const create = callAt(ref, 1);
    const options = ctx.props(create && 'arguments' in create ? create.arguments?.[0] : undefined);
    const base = options.get('baseURL') ? ctx.str(options.get('baseURL')) : null;
    const timeout = optionsTimeout(ctx, options);
    const later = create ? settings(ctx, create) : undefined;
    return {
      instance: {
        base,
        timeout: later?.timeoutMs !== undefined ? { ms: later.timeoutMs > 0 ? later.timeoutMs : null, from: later.timeoutMs > 0 ? 'instance' : 'none' } : timeout ? { ...timeout, from: timeout.from === 'call' ? 'instance' : timeout.from } : null,
        retry: later?.retry ?? null,
      },
      rest: names.slice(2),
    };
  }
  const defaults = settings(ctx, ctx.sf);
  if (defaults) return { instance: { base: null, timeout: defaults.timeoutMs ? { ms: defaults.timeoutMs, from: 'instance' } : null, retry: defaults.retry ?? null }, rest: names };
  return { instance: null, rest: names };
}

/** axios: default and `axios.create` instances; `get/post/...`, `request(config)` and `axios(config)` calls. */
export const axiosDetector: Detector = {
  id: 'axios',
  modules: ['axios'],
  visitFile(ctx) {
    settingsOf.set(ctx.sf, scanAxiosSettings(ctx));
  },
  visitCall(node, ctx) {
    if (!tsv.isCallExpression(node)) return;
    const ref = ctx.resolve(node.expression);
    const client = clientOf(ref, ctx);
    if (!client) return;
    if (client.rest.length === 1 && client.rest[0] === 'create') {
      // axios.create(...) assigned to a name: an instance other modules may import.
      const created = clientOf(ctx.resolve(node), ctx);
      if (created?.instance && ctx.declaration) {
        ctx.emit({
          kind: 'client-instance',
          file: ctx.file,
          line: ctx.line(node),
          library: 'axios',
          scope: ctx.scope.id,
          name: ctx.declaration.name,
          exported: ctx.declaration.exported,
          protocol: 'http',
          base: created.instance.base ?? [],
          timeout: created.instance.timeout ?? { ms: null, from: 'none' },
          retry: created.instance.retry,
        });
      }
      return;
    }
    const { instance, rest } = client;
    let method: string | null;
    let url: SymString | null;
    let config: ts.Expression | undefined;
    if (rest.length === 0) {
      // axios(config) or axios(url, config)
      const first = node.arguments[0];
      const firstProps = ctx.props(first);
      if (firstProps.size) {
        config = first;
        url = ctx.str(firstProps.get('url'));
        method = ctx.str(firstProps.get('method'))?.map((p) => ('lit' in p ? p.lit : '')).join('').toUpperCase() || 'GET';
      } else {
        url = ctx.str(first);
        config = node.arguments[1];
        method = 'GET';
      }
    } else if (rest.length === 1 && VERBS.has(rest[0]!)) {
      method = rest[0]!.toUpperCase();
      url = ctx.str(node.arguments[0]);
      config = node.arguments[WITH_BODY.has(rest[0]!) ? 2 : 1];
    } else if (rest.length === 1 && rest[0] === 'request') {
      config = node.arguments[0];
      const props = ctx.props(config);
      url = ctx.str(props.get('url'));
      method = ctx.str(props.get('method'))?.map((p) => ('lit' in p ? p.lit : '')).join('').toUpperCase() || 'GET';
    } else return;
    const props = ctx.props(config);
    const callBase = props.get('baseURL') ? ctx.str(props.get('baseURL')) : null;
    const timeout = optionsTimeout(ctx, props) ?? instance?.timeout ?? { ms: null, from: 'none' };
    ctx.emit({
      kind: 'http-call',
      file: ctx.file,
      line: ctx.line(node),
      library: 'axios',
      scope: ctx.scope.id,
      protocol: 'http',
      method,
      url: joinPrefix(callBase ?? instance?.base ?? null, url),
      timeout,
      inLoop: ctx.inLoop,
      retry: ctx.retry ?? instance?.retry ?? null,
    });
  },
};
