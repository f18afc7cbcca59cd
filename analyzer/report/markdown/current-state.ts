import type { Edge, Report } from '../../types/index.js';
import { edgeClass, type IndexedNode } from '../report-index.js';
import type { MdContext } from './context.js';
import { mdCode, mdLocation, mdText, mermaidLabel } from './escape.js';
import { capped, joinWords, plural, table } from './table.js';

/** Beyond this many nodes the diagram shows services only; beyond the second limit, none. */
const FULL_DIAGRAM_MAX = 60;
const SERVICES_DIAGRAM_MAX = 120;
const CONNECTIONS_MAX = 80;

/** The system as it is: a paragraph, a Mermaid flowchart and the connections behind it. */
export function currentStateSection(ctx: MdContext): string {
  const { report } = ctx.index;
  const out: string[] = ['## Current state', ''];
  const count = (kind: string): number => report.services.filter((s) => s.kind === kind).length;
  const classes = { sync: 0, async: 0, data: 0, declared: 0 };
  for (const e of report.edges) classes[edgeClass(e.kind)] += 1;
  out.push(
    `archreview found ${plural(count('service'), 'service')}, ${plural(count('gateway'), 'gateway')}, ${plural(count('external'), 'external API')}, ` +
      `${plural(report.datastores.length, 'datastore')} and ${plural(report.channels.length, 'channel')}, connected by ${plural(report.edges.length, 'link')}: ` +
      `${plural(classes.sync, 'synchronous call')} (HTTP, gRPC), ${classes.async} through a broker, ${classes.data} to datastores and ${plural(classes.declared, 'declared start-up dependency', 'declared start-up dependencies')}.`,
  );
  const entries = report.services.flatMap((s) => s.deploy.exposure.map((x) => `${mdText(s.name)} (${mdText(x.detail)})`));
  out.push('');
  out.push(entries.length ? `Reachable from outside the system: ${joinWords(capped(entries, 12).shown)}${entries.length > 12 ? `, and ${entries.length - 12} more` : ''}.` : 'No manifest exposes a service outside the system (no published port, load balancer, node port or ingress).');
  out.push('', mermaidDiagram(report, ctx), '');
  out.push('### Connections', '');
  if (!report.edges.length) {
    out.push('No connections between the nodes above were found in the manifests or the code.');
    return out.join('\n');
  }
  const { shown, more } = capped(report.edges, CONNECTIONS_MAX);
  out.push(
    table(
      ['From', 'To', 'Kind', 'Via', 'Seen in', 'Evidence'],
      shown.map((e) => [
        mdText(ctx.index.name(e.from)),
        mdText(ctx.index.name(e.to)),
        e.kind,
        e.via.map((v) => mdCode(v, true)).join(', '),
        e.declared && e.observed ? 'manifests, code' : e.observed ? 'code' : 'manifests',
        e.locations[0] ? mdLocation(e.locations[0], true) : '',
      ]),
    ),
  );
  if (more) out.push('', `${plural(more, 'more connection')} in archreview.json.`);
  return out.join('\n');
}

const SHAPES: Record<IndexedNode['kind'], [string, string]> = {
  service: ['[', ']'],
  gateway: ['{{', '}}'],
  external: ['[/', '/]'],
  datastore: ['[(', ')]'],
  channel: ['>', ']'],
};

const CLASS_STYLES = [
  'classDef service fill:#e8f0fe,stroke:#3367d6,color:#1a1a1a',
  'classDef thirdparty fill:#f1f3f4,stroke:#80868b,color:#1a1a1a',
  'classDef gateway fill:#e6f4ea,stroke:#188038,color:#1a1a1a',
  'classDef external fill:#fff,stroke:#80868b,stroke-dasharray:4 3,color:#1a1a1a',
  'classDef datastore fill:#fef7e0,stroke:#b06000,color:#1a1a1a',
  'classDef channel fill:#f3e8fd,stroke:#8430ce,color:#1a1a1a',
];

function mermaidDiagram(report: Report, ctx: MdContext): string {
  const all = [...ctx.index.nodes.values()];
  if (!all.length) return 'There is nothing to draw: the Report lists no services, datastores or channels.';
  let nodes = all;
  let note = '';
  if (all.length > FULL_DIAGRAM_MAX) {
    nodes = all.filter((n) => n.kind !== 'datastore' && n.kind !== 'channel');
    note = `The system has ${all.length} nodes, too many for one readable diagram: this one shows the ${nodes.length} services, gateways and external APIs; \`report.html\` shows everything.`;
    if (nodes.length > SERVICES_DIAGRAM_MAX) return `The system has ${all.length} nodes, too many for a static diagram; open \`report.html\` for the interactive graph.`;
  }
  const ids = new Map(nodes.map((n, i) => [n.id, `n${i + 1}`]));
  const lines = ['```mermaid', 'flowchart LR'];
  const namespaces = new Set(nodes.flatMap((n) => (n.kind === 'datastore' || n.kind === 'channel' ? [] : [n.service.namespace ?? ''])));
  const declare = (n: IndexedNode, indent: string): string => {
    const [open, close] = SHAPES[n.kind];
    const label = ctx.index.name(n.id) + (n.kind === 'datastore' ? ` (${n.datastore.kind})` : '');
    return `${indent}${ids.get(n.id)}${open}${mermaidLabel(label)}${close}`;
  };
  if (namespaces.size > 1) {
    const groups = new Map<string, IndexedNode[]>();
    const loose: IndexedNode[] = [];
    for (const n of nodes) {
      const ns = n.kind === 'datastore' || n.kind === 'channel' ? null : n.service.namespace;
      if (ns) groups.set(ns, [...(groups.get(ns) ?? []), n]);
      else loose.push(n);
    }
    [...groups.keys()].sort().forEach((ns, i) => {
      lines.push(`  subgraph ns${i + 1}[${mermaidLabel(`namespace ${ns}`)}]`);
      for (const n of groups.get(ns)!) lines.push(declare(n, '    '));
      lines.push('  end');
    });
    for (const n of loose) lines.push(declare(n, '  '));
  } else {
    for (const n of nodes) lines.push(declare(n, '  '));
  }
  const links = mergeLinks(report.edges.filter((e) => ids.has(e.from) && ids.has(e.to)));
  const styles: string[] = [];
  links.forEach((link, i) => {
    const arrow = link.cls === 'async' ? '-.->' : '-->';
    lines.push(`  ${ids.get(link.from)} ${arrow}|${mermaidLabel(link.label)}| ${ids.get(link.to)}`);
    if (link.cls === 'data') styles.push(`  linkStyle ${i} stroke:#b06000,stroke-dasharray:2 3`);
    if (link.cls === 'declared') styles.push(`  linkStyle ${i} stroke:#9aa0a6`);
  });
  lines.push(...styles, ...CLASS_STYLES.map((s) => `  ${s}`));
  const byClass = new Map<string, string[]>();
  for (const n of nodes) {
    const cls = n.kind === 'service' && n.service.thirdParty ? 'thirdparty' : n.kind;
    byClass.set(cls, [...(byClass.get(cls) ?? []), ids.get(n.id)!]);
  }
  for (const [cls, members] of byClass) lines.push(`  class ${members.join(',')} ${cls}`);
  lines.push('```');
  const legend =
    'Boxes are services, hexagons gateways, slanted boxes external APIs, cylinders datastores and flags channels. Solid arrows are synchronous calls, dashed arrows go through a broker, dotted brown arrows reach datastores and grey arrows are start-up order only (`depends_on`).';
  return [note, lines.join('\n'), legend].filter(Boolean).join('\n\n');
}

interface Link {
  from: string;
  to: string;
  cls: ReturnType<typeof edgeClass>;
  label: string;
}

/** One arrow per pair and class, labelled with the kinds it stands for (`reads, writes`). */
function mergeLinks(edges: Edge[]): Link[] {
  const links = new Map<string, Link & { kinds: Set<string> }>();
  for (const e of edges) {
    const cls = edgeClass(e.kind);
    const key = JSON.stringify([e.from, e.to, cls]);
    const link = links.get(key) ?? { from: e.from, to: e.to, cls, label: '', kinds: new Set<string>() };
    link.kinds.add(e.kind === 'depends-on' ? 'depends_on' : e.kind);
    links.set(key, link);
  }
  return [...links.values()].map(({ kinds, ...link }) => ({ ...link, label: [...kinds].sort().join(', ') }));
}
