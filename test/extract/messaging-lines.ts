import type { analyze } from '../../analyzer/run.js';
import { symText } from '../../analyzer/types/index.js';
import type { Fact, SymString } from '../../analyzer/types/index.js';

type Analysis = ReturnType<typeof analyze>;

const MESSAGING = new Set(['publish', 'consume', 'queue-binding', 'exchange-declare', 'broker-connection', 'broker-client', 'dedupe-guard', 'message-schema', 'validated-arg']);

const text = (sym: SymString | null | undefined): string => (sym ? symText(sym) : '-');

/** One line per messaging fact with every field that matters, so tests compare them exactly. */
export function messagingFacts(facts: readonly Fact[], kinds: readonly string[] = [...MESSAGING]): string[] {
  return facts
    .filter((f) => kinds.includes(f.kind))
    .map((f) => {
      const at = `${f.file}:${f.line}`;
      switch (f.kind) {
        case 'publish':
          return `publish ${at} ${f.library} ${f.broker}/${f.channelKind} ${text(f.channel)}${f.exchange ? ` exchange=${text(f.exchange)}` : ''} ${f.pattern} payload=${f.payloadArg ?? '-'}<${f.payloadFrom.map(text).join(',')}>${f.inLoop ? ' in-loop' : ''}${f.instance ? ` instance=${f.instance.module}#${f.instance.name}` : ''}${f.transport ? ` nest(${text(f.transport.token)})` : ''} @${f.scope}`;
        case 'consume':
          return `consume ${at} ${f.library} ${f.broker}/${f.channelKind} [${f.channels.map(text).join(', ')}] ${f.match} queue=${text(f.queue)} handler=${text(f.handler)}${f.client ? ` client=${f.client}` : ''}${f.instance ? ` instance=${f.instance.module}#${f.instance.name}` : ''}${f.transport ? ` nest(${text(f.transport.token)})` : ''} @${f.scope}`;
        case 'queue-binding':
          return `binding ${at} ${f.broker} ${text(f.queue)} <- ${text(f.exchange)} ${text(f.pattern)} @${f.scope}`;
        case 'exchange-declare':
          return `exchange ${at} ${text(f.exchange)} ${f.type ?? '-'}`;
        case 'broker-connection':
          return `connection ${at} ${f.library} ${f.broker} ${text(f.address)}${f.nest ? ` nest ${f.nest.role}(${text(f.nest.token)})` : ''}`;
        case 'broker-client':
          return `client ${at} ${f.broker} ${f.role} ${f.name}${f.exported ? ' exported' : ''}${f.channel ? ` ${text(f.channel)}` : ''}`;
        case 'dedupe-guard':
          return `dedupe ${at} ${f.how} ${f.detail} @${f.scope}`;
        case 'message-schema':
          return `schema ${at} ${f.library} ${f.name}${f.exported ? ' exported' : ''}`;
        case 'validated-arg':
          return `validated ${at} arg${f.arg} (checked at ${f.checkedAt}) ${f.validator ?? '?'} ${f.method} ${f.schema ? `${f.schema.module ? `${f.schema.module}#` : ''}${f.schema.name}${f.schema.member ? `.${f.schema.member}` : ''}` : '-'}`;
        default:
          return f.kind;
      }
    });
}

export function channelLines(report: Analysis['report']): string[] {
  return report.channels.map((c) => `${c.id} ${c.kind} broker=${c.broker ?? '-'}`);
}

export function messageEdgeLines(report: Analysis['report']): string[] {
  return report.edges
    .filter((e) => e.kind === 'publishes' || e.kind === 'consumes')
    .map((e) => `${e.from} -${e.kind}-> ${e.to} ${e.protocol} via ${e.via.join(',')} [${(e.endpoints ?? []).join(', ')}] ${e.locations.map((l) => `${l.file}:${l.line}`).join(' ')}`);
}

export function publishLines(links: Analysis['links']): string[] {
  return (links.messages?.publishes ?? []).map(
    (p) =>
      `${p.service} ${p.location.file}:${p.location.line}${p.via ? ` (via ${p.via.file}:${p.via.line})` : ''} → ${p.channel ?? `unresolved ${p.name}`}${p.exchange !== null ? ` exchange=${p.exchange || '(default)'}` : ''} ${p.pattern} [${p.endpoints.join(', ')}]${p.inLoop ? ' in-loop' : ''} ${p.validation ? `validated ${p.validation.library}${p.validation.schema ? `:${p.validation.schema}` : ''} ${p.validation.method} at ${p.validation.location.file}:${p.validation.location.line}` : 'unvalidated'}`,
  );
}

export function consumerLines(links: Analysis['links']): string[] {
  return (links.messages?.consumers ?? []).map(
    (c) =>
      `${c.service} ${c.location.file}:${c.location.line}${c.via ? ` (via ${c.via.file}:${c.via.line})` : ''} ← [${c.channels.join(', ')}] subscriptions=[${c.subscriptions.join(', ')}] queue=${c.queue ?? '-'} handlers=[${c.handlers.join(', ')}] ${c.dedupe ? `dedupe ${c.dedupe.how} (${c.dedupe.detail}) at ${c.dedupe.location.file}:${c.dedupe.location.line}` : 'no dedupe'}`,
  );
}
