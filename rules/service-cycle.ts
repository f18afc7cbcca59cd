import { stronglyConnectedComponents } from 'graphology-components';
import { MultiDirectedGraph } from 'graphology';
import { z } from 'zod';
import { liveSyncCall } from '../analyzer/graph/sync-calls.js';
import { defineRule, type Location } from '../analyzer/types/index.js';
import { byLocation, isWorkload } from './support/code.js';

const CODE_FILE = /\.(m|c)?[jt]sx?$/;

export default defineRule({
  meta: {
    id: 'service-cycle',
    title: 'Services call each other in a cycle',
    category: 'coupling',
    defaultSeverity: 'error',
    rationale:
      'When services call each other synchronously in a circle, none of them can be deployed, scaled or reasoned about alone: a slowdown in one feeds back into itself, requests can wait on themselves until every timeout fires, and the services are really one system split across a network. A cycle is the clearest sign that a boundary is in the wrong place.',
    fix: 'Break the cycle: move the data one side keeps asking for to that side (kept current from events), merge the two services if they always change together, or turn one direction into an asynchronous event so it no longer waits.',
    options: z.strictObject({}),
    messages: { cycle: '{{services}} call each other synchronously in a cycle' },
  },
  check(ctx) {
    // An address the manifests give a service whose code archreview read and saw no call to
    // (unused-dependency's finding) is dead configuration, not a direction of the cycle.
    const calls = liveSyncCall(ctx.graph);
    const sync = new MultiDirectedGraph();
    ctx.graph.forEachEdge((id, edge) => {
      if (!calls(edge) || !isWorkload(ctx.graph, edge.from) || !isWorkload(ctx.graph, edge.to)) return;
      if (!sync.hasNode(edge.from)) sync.addNode(edge.from);
      if (!sync.hasNode(edge.to)) sync.addNode(edge.to);
      sync.addDirectedEdgeWithKey(id, edge.from, edge.to);
    });
    for (const component of stronglyConnectedComponents(sync)) {
      if (component.length < 2) continue;
      const members = [...component].sort();
      const inCycle = new Set(members);
      const locations: Location[] = [];
      for (const from of members) {
        const edges = ctx.graph.outEdges(from).map((id) => ctx.graph.getEdgeAttributes(id)).filter((e) => calls(e) && inCycle.has(e.to));
        const code = edges.flatMap((e) => e.locations.filter((l) => CODE_FILE.test(l.file))).sort(byLocation);
        const any = edges.flatMap((e) => e.locations).sort(byLocation);
        const first = code[0] ?? any[0];
        if (first) locations.push(first);
      }
      ctx.report({
        messageId: 'cycle',
        data: { services: members.map(ctx.name).join(' and ').replace(/ and (?=.* and )/g, ', ') },
        subjects: members,
        locations,
        evidence: members.join(' <-> '),
      });
    }
  },
});
