import type { ClientInstanceFact, CodeScopeFact, HttpCallFact, Retry, SymString, Timeout } from '../../types/index.js';

type CallRef = CodeScopeFact['calls'][number];
type Bindings = Map<string, (SymString | null)[]> | null;

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
/** Methods of a gRPC client object that are not RPCs. */
const GRPC_CLIENT_METHODS = new Set(['close', 'getChannel', 'waitForReady', 'makeUnaryRequest', 'makeClientStreamRequest', 'makeServerStreamRequest', 'makeBidiStreamRequest', 'bind', 'call', 'apply', 'on']);
/** Methods libraries retry by default (got, ky, axios-retry): idempotent ones. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

/** A time limit on a path: the tightest timeout policy (or deadline) seen on the way. */
export interface PathBound {
  ms: number;
  library: string;
}

/** The tighter of two bounds. */
export function pathBound(a: PathBound | null, b: PathBound | null): PathBound | null {
  if (!a) return b;
  if (!b) return a;
  return b.ms < a.ms ? b : a;
}

/** A library's default retries apply to idempotent methods only; settings the code makes apply to all. */
export function appliedRetry(retry: Retry | null, method: string | null): Retry | null {
  if (!retry) return null;
  if (retry.from === 'library-default' && method && !IDEMPOTENT.has(method.toUpperCase())) return null;
  return retry;
}

/**
 * How long the caller of one reached call waits at most: the call's own timeout, or a tighter
 * breaker timeout or timeout policy on the path. A library default stays a library default.
 */
export function effectiveTimeout(own: Timeout, breaker: { timeoutMs: number | null } | null, bound: PathBound | null | undefined): Timeout {
  let best = own;
  const consider = (ms: number | null, from: Timeout['from']): void => {
    if (ms === null || ms <= 0) return;
    if (best.ms === null || ms < best.ms) best = { ms, from };
  };
  consider(breaker?.timeoutMs ?? null, 'breaker');
  consider(bound?.ms ?? null, 'policy');
  return best;
}

/** A client's base URL and a request path, with one `/` between them (as axios, got and ky join them). */
function joinUrl(base: SymString, path: SymString | null): SymString {
  const p = path ?? [{ unknown: 'url' }];
  const first = p[0];
  if (!base.length || (first && 'lit' in first && /^[a-z][a-z0-9+.-]*:\/\//i.test(first.lit))) return p;
  const last = base[base.length - 1];
  const baseSlash = !!last && 'lit' in last && last.lit.endsWith('/');
  const pathSlash = !!first && 'lit' in first && first.lit.startsWith('/');
  const rest = baseSlash && pathSlash ? [{ lit: (first as { lit: string }).lit.slice(1) }, ...p.slice(1)] : p;
  return merge([...base, ...(baseSlash || pathSlash ? [] : [{ lit: '/' }]), ...rest]);
}

function merge(parts: SymString): SymString {
  const out: SymString = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if ('lit' in part && last && 'lit' in last) out[out.length - 1] = { lit: last.lit + part.lit };
    else if (!('lit' in part && part.lit === '')) out.push(part);
  }
  return out;
}

/** An outbound call made through a client instance defined in another module. */
export function instanceCall(
  instance: ClientInstanceFact,
  call: CallRef,
  callerFile: string,
  bindings: Bindings,
  substitute: (sym: SymString, bindings: Bindings) => SymString,
): HttpCallFact | null {
  const member = call.target.member ?? '';
  const first = call.args[0] ? substitute(call.args[0], bindings) : null;
  let method: string | null;
  let url: SymString;
  if (instance.protocol === 'http') {
    if (member && !VERBS.has(member)) return null;
    method = member ? member.toUpperCase() : first ? 'GET' : null;
    url = joinUrl(instance.base, first);
  } else if (instance.protocol === 'grpc') {
    if (!member || GRPC_CLIENT_METHODS.has(member)) return null;
    method = member;
    url = instance.base;
  } else {
    if (member !== 'send') return null;
    method = first && first.every((p) => 'lit' in p) ? first.map((p) => ('lit' in p ? p.lit : '')).join('') : null;
    url = instance.base;
  }
  return {
    kind: 'http-call',
    file: callerFile,
    line: call.line,
    library: instance.library,
    scope: '',
    protocol: instance.protocol,
    method,
    url,
    timeout: call.callTimeout ?? instance.timeout,
    inLoop: call.inLoop,
    retry: null,
    ...(instance.channel ? { channel: instance.channel } : {}),
  };
}

/** The registration of a call's DI token: the one nearest to the calling file (same service folder first). */
export function registrationFor(tokens: Map<string, ClientInstanceFact[]> | undefined, fact: HttpCallFact): ClientInstanceFact | null {
  const candidates = fact.token ? tokens?.get(fact.token) : undefined;
  if (!candidates?.length) return null;
  const shared = (a: string, b: string): number => {
    const x = a.split('/');
    const y = b.split('/');
    let n = 0;
    while (n < x.length - 1 && n < y.length - 1 && x[n] === y[n]) n++;
    return n;
  };
  return [...candidates].sort((a, b) => shared(b.file, fact.file) - shared(a.file, fact.file) || (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)))[0]!;
}

/** Takes address and transport of a call made through an injected client from its registration (the token is dropped once applied). */
export function withRegistration(fact: HttpCallFact, registration: ClientInstanceFact | null): HttpCallFact {
  if (!registration) return fact;
  const broker = registration.protocol !== 'tcp' && registration.protocol !== 'http' && registration.protocol !== 'grpc';
  const channel = registration.channel ?? (broker ? fact.channel : undefined);
  // The registration is applied once: the result no longer names the token.
  const { channel: _channel, token: _token, ...rest } = fact;
  return {
    ...rest,
    protocol: registration.protocol,
    // An HTTP client's registration gives a base URL for the call's path; other transports give the whole address.
    url: registration.protocol === 'http' ? joinUrl(registration.base, fact.url) : fact.url.length ? fact.url : registration.base,
    timeout: fact.timeout.ms === null && registration.timeout.ms !== null ? registration.timeout : fact.timeout,
    ...(channel ? { channel } : {}),
  };
}
