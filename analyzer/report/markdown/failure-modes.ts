import type { Finding } from '../../types/index.js';
import { compareStrings } from '../report-index.js';
import { syncStructure, type SyncStructure } from '../sync-structure.js';
import type { MdContext } from './context.js';
import { mdText } from './escape.js';
import { plural, someOf } from './table.js';

interface Mode {
  title: string;
  why: string;
  /** Findings whose rule id or category matches belong to this mode. */
  matches: RegExp;
  /** Checklist items that speak to this mode. */
  items: string[];
  /** What the graph shows, and which nodes are exposed. */
  read(ctx: MdContext, sync: SyncStructure): { shows: string[]; exposed: string[] | null };
}

const MODES: Mode[] = [
  {
    title: 'Network partitions and timeouts',
    why: 'A synchronous call waits for an answer; without a timeout a slow or unreachable callee holds the caller\u2019s threads, connections and the user\u2019s request.',
    matches: /timeout|partition|retr(y|ies)|deadline/i,
    items: ['timeouts'],
    read(ctx, sync) {
      const callers = [...sync.fanOut.keys()];
      const calls = [...sync.fanOut.values()].reduce((n, v) => n + v.length, 0);
      const externalCalls = ctx.index.report.edges.filter((e) => (e.kind === 'http' || e.kind === 'grpc') && ctx.index.nodes.get(e.to)?.kind === 'external');
      const shows = calls
        ? [`${plural(calls, 'synchronous link')} from ${plural(callers.length, 'caller')}; each caller waits on the network for its answer.`]
        : ['No synchronous calls between services were found.'];
      if (externalCalls.length) shows.push(`${plural(externalCalls.length, 'call')} leave the system to external APIs (${names(ctx, externalCalls.map((e) => e.to))}), outside your control for latency and availability.`);
      return { shows, exposed: callers };
    },
  },
  {
    title: 'Cascading failures and circuit breakers',
    why: 'When one service slows down, every synchronous caller upstream slows with it unless a breaker fails fast; cycles and deep chains spread one failure across the system.',
    matches: /breaker|cascad|fan-?out|fan-?in|chain|cycle|bulkhead/i,
    items: ['circuit breakers'],
    read(ctx, sync) {
      const shows: string[] = [];
      if (sync.longest.length > 2) shows.push(`The deepest synchronous chain has ${plural(sync.longest.length - 1, 'hop')}: ${sync.longest.map((step) => step.map((id) => mdText(ctx.index.name(id))).join(' \u21c4 ')).join(' \u2192 ')}.`);
      for (const cycle of sync.cycles.slice(0, 5)) shows.push(`${names(ctx, cycle)} call each other synchronously in a cycle: a failure in one reaches all of them.`);
      const wide = [...sync.fanOut].filter(([, v]) => v.length >= 3).sort((a, b) => b[1].length - a[1].length);
      for (const [id, callees] of wide.slice(0, 5)) shows.push(`${mdText(ctx.index.name(id))} calls ${plural(callees.length, 'service')} synchronously (${names(ctx, callees)}).`);
      const hubs = [...sync.fanIn].filter(([, v]) => v.length >= 2).sort((a, b) => b[1].length - a[1].length);
      for (const [id, callers] of hubs.slice(0, 3)) shows.push(`${mdText(ctx.index.name(id))} is called by ${plural(callers.length, 'service')}; its outage reaches all of them.`);
      if (!shows.length) shows.push(sync.fanOut.size ? 'The synchronous calls form no cycle and no chain longer than one hop.' : 'No synchronous calls between services were found, so no failure can cascade through them.');
      const exposed = new Set<string>([...sync.cycles.flat(), ...sync.longest.slice(0, -1).flat(), ...wide.map(([id]) => id), ...hubs.flatMap(([, callers]) => callers)]);
      return { shows, exposed: [...exposed] };
    },
  },
  {
    title: 'Thundering herds and caching',
    why: 'When a cache empties or a service restarts, every client retries or refills at once; single replicas and caches without expiry or jitter turn a blip into an outage.',
    matches: /cache|herd|stampede|jitter|backoff/i,
    items: ['redundancy'],
    read(ctx) {
      const { report } = ctx.index;
      const caches = report.datastores.filter((d) => d.role === 'cache');
      const shows: string[] = [];
      const exposed = new Set<string>();
      for (const c of caches) {
        const users = ctx.index.incoming(c.id).filter((e) => e.kind !== 'depends-on').map((e) => e.from);
        users.forEach((u) => exposed.add(u));
        shows.push(`Cache ${mdText(ctx.index.name(c.id))} (${mdText(c.kind)}) is used by ${users.length ? names(ctx, users) : 'no service found'}; when it empties, their load moves to the stores behind it.`);
      }
      if (!caches.length) shows.push('No cache was found in front of any datastore.');
      const single = report.services.filter((s) => s.kind !== 'external' && s.deploy.replicas === 1 && !s.deploy.autoscale && ctx.index.incoming(s.id).some((e) => e.kind === 'http' || e.kind === 'grpc'));
      if (single.length) {
        shows.push(`${names(ctx, single.map((s) => s.id))} ${single.length === 1 ? 'runs' : 'run'} a single replica and ${single.length === 1 ? 'takes' : 'take'} synchronous calls: a restart drops every request in flight and the callers\u2019 retries arrive together.`);
        single.forEach((s) => exposed.add(s.id));
      }
      return { shows, exposed: [...exposed] };
    },
  },
  {
    title: 'Idempotency drift',
    why: 'Brokers deliver at least once and clients retry on timeouts, so a handler that changes state must tolerate seeing the same request or message twice.',
    matches: /idempot|dedup|at-least-once|redeliver|exactly-once/i,
    items: [],
    read(ctx) {
      const { report } = ctx.index;
      const consumers = [...new Set(report.edges.filter((e) => e.kind === 'consumes').map((e) => e.to))];
      const retried = report.services.filter((s) => s.endpoints.some((e) => e.mutating) && ctx.index.incoming(s.id).some((e) => e.kind === 'http' || e.kind === 'grpc'));
      const shows: string[] = [];
      if (consumers.length) shows.push(`${names(ctx, consumers)} ${consumers.length === 1 ? 'consumes' : 'consume'} messages from a broker and will see redeliveries.`);
      if (retried.length) shows.push(`${names(ctx, retried.map((s) => s.id))} ${retried.length === 1 ? 'has' : 'have'} state-changing endpoints called by other services, which may retry them.`);
      if (!shows.length) shows.push('No message consumers and no state-changing endpoints called by other services were found.');
      return { shows, exposed: [...consumers, ...retried.map((s) => s.id)] };
    },
  },
  {
    title: 'Schema evolution',
    why: 'A table, event or API that several services read is a contract: changing it means changing and deploying them together, or versioning it.',
    matches: /schema|shared-?data|shared-?db|contract|version|breaking/i,
    items: [],
    read(ctx) {
      const { report } = ctx.index;
      const shows: string[] = [];
      const exposed = new Set<string>();
      for (const d of report.datastores) {
        const users = [...new Set(ctx.index.incoming(d.id).filter((e) => e.kind === 'reads' || e.kind === 'writes' || e.kind === 'connects').map((e) => e.from))];
        if (users.length < 2) continue;
        users.forEach((u) => exposed.add(u));
        const contract = d.role === 'database' ? 'its schema' : d.role === 'cache' ? 'its key and value formats' : d.role === 'broker' ? 'its message formats' : 'its data format';
        shows.push(`${mdText(ctx.index.name(d.id))} is used by ${names(ctx, users)}: a change to ${contract} reaches all of them at once.`);
      }
      for (const c of report.channels) {
        const producers = new Set(ctx.index.incoming(c.id).map((e) => e.from));
        const consumers = new Set(ctx.index.outgoing(c.id).map((e) => e.to));
        if (producers.size + consumers.size < 3) continue;
        [...producers, ...consumers].forEach((u) => exposed.add(u));
        shows.push(`The ${mdText(c.name)} ${c.kind} has ${plural(producers.size, 'publisher')} and ${plural(consumers.size, 'consumer')}; its message format is a shared contract.`);
      }
      if (!shows.length) shows.push('No datastore is used by two services and no channel has more than one publisher and consumer pair.');
      return { shows, exposed: [...exposed] };
    },
  },
  {
    title: 'Distributed transactions',
    why: 'A service that writes its database and then calls or notifies another can fail in between; without an outbox, saga or compensation the two sides disagree.',
    matches: /transaction|saga|dual-?write|outbox|two-?phase|compensat/i,
    items: [],
    read(ctx) {
      const { report } = ctx.index;
      const dual = report.services.filter((s) => {
        const out = ctx.index.outgoing(s.id);
        return out.some((e) => e.kind === 'writes') && out.some((e) => e.kind === 'publishes' || e.kind === 'http' || e.kind === 'grpc');
      });
      const shows = dual.length
        ? [`${names(ctx, dual.map((s) => s.id))} ${dual.length === 1 ? 'writes' : 'write'} to a datastore and also ${dual.length === 1 ? 'calls or publishes' : 'call or publish'} to other services; a crash between the two leaves them inconsistent unless an outbox or saga covers it.`]
        : ['No service was seen both writing to a datastore and calling or publishing to another service.'];
      return { shows, exposed: dual.map((s) => s.id) };
    },
  },
  {
    title: 'Clock skew',
    why: 'Machines\u2019 clocks disagree by milliseconds to seconds; ordering events by timestamp, expiring locks or tokens, or de-duplicating by time window across services can misfire.',
    matches: /clock|skew|timestamp|time-?based|ordering/i,
    items: [],
    read() {
      return { shows: ['The Report records no clock-dependent logic (timestamps used for ordering, time-based locks or token expiry); this version of archreview does not look for it, so exposure is not assessed.'], exposed: null };
    },
  },
];

/** For each failure mode: why it matters, what the analysis shows, who is exposed and the related findings. */
export function failureModesSection(ctx: MdContext): string {
  const sync = syncStructure(ctx.index.report);
  const out: string[] = [
    '## Failure-mode analysis',
    '',
    'How the system behaves when the network, a dependency or a clock misbehaves. Each part says what the analysis shows in this repository and which services are exposed; it states plainly where the Report holds no evidence.',
  ];
  for (const mode of MODES) {
    const { shows, exposed } = mode.read(ctx, sync);
    out.push('', `### ${mode.title}`, '', `*Why it matters:* ${mode.why}`, '', '*What the analysis shows:*', '');
    for (const line of shows) out.push(`- ${line}`);
    const failing = ctx.index.report.score.checklist.filter((r) => mode.items.includes(r.item) && r.status === 'fail');
    if (failing.length) out.push(`- Checklist: ${mode.items.join(', ')} failing for ${someOf([...new Set(failing.map((r) => mdText(r.service)))], 10)}.`);
    const related = ctx.categories.flatMap((c) => c.findings).filter((f) => mode.matches.test(`${f.ruleId} ${f.category}`));
    out.push('', `*Exposed:* ${exposed === null ? 'not assessed' : exposed.length ? names(ctx, exposed, 12) : 'no service, on the evidence available'}.`);
    out.push('', `*Related findings:* ${related.length ? refs(ctx, related) : 'none'}.`);
  }
  return out.join('\n');
}

function names(ctx: MdContext, ids: string[], max = 8): string {
  return someOf([...new Set(ids)].map((id) => ctx.index.name(id)).sort(compareStrings).map(mdText), max);
}

function refs(ctx: MdContext, findings: Finding[]): string {
  return someOf(findings.map((f) => `${ctx.ref(f)} (${mdText(f.ruleId)})`), 10);
}
