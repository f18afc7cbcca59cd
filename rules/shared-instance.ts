import { z } from 'zod';
import { defineRule } from '../analyzer/types/index.js';
import { byLocation } from './support/code.js';
import { datastoreUsers } from './support/data.js';

export default defineRule({
  meta: {
    id: 'shared-instance',
    title: 'Services keep separate databases on one server',
    category: 'data',
    defaultSeverity: 'info',
    rationale:
      'Separate databases on one server keep ownership clear (no service reads another\'s tables), so this is an acceptable and cheap way to start. The services still share the server\'s CPU, memory, connections, maintenance windows and failure: one noisy service or one outage affects all of them.',
    fix: 'Nothing is urgent. Watch the shared server\'s load; when one service\'s traffic or release cadence starts to hurt the others, move its database to its own server. Keep the connection settings per service so the move is a configuration change.',
    options: z.strictObject({
      roles: z.array(z.enum(['database', 'cache', 'search', 'object-store', 'broker'])).default(['database', 'cache']).describe('Datastore roles the rule looks at; brokers are shared by design.'),
    }),
    messages: { shared: '{{services}} keep separate databases ({{databases}}) on one {{kind}} server, {{host}}' },
  },
  check(ctx) {
    const byInstance = new Map<string, { databases: string[]; services: Set<string>; ids: string[]; declared: { file: string; line?: number }[]; kind: string; host: string }>();
    for (const { datastore, users } of datastoreUsers(ctx.graph)) {
      if (!ctx.options.roles.includes(datastore.role as 'database') || !users.size) continue;
      const entry = byInstance.get(datastore.instance) ?? { databases: [], services: new Set<string>(), ids: [], declared: [], kind: datastore.kind, host: datastore.host };
      entry.databases.push(datastore.database ?? '(default)');
      entry.ids.push(datastore.id);
      for (const s of users.keys()) entry.services.add(s);
      entry.declared.push(...datastore.declaredIn);
      byInstance.set(datastore.instance, entry);
    }
    for (const [instance, entry] of [...byInstance].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (entry.databases.length < 2 || entry.services.size < 2) continue;
      const services = [...entry.services].sort();
      ctx.report({
        messageId: 'shared',
        data: { services: services.map(ctx.name).join(', ').replace(/, ([^,]*)$/, ' and $1'), databases: entry.databases.join(', '), kind: entry.kind, host: entry.host },
        subjects: [...services, ...entry.ids.sort()],
        locations: entry.declared.sort(byLocation).slice(0, 1),
        evidence: `${instance} ${entry.databases.sort().join(',')}`,
      });
    }
  },
});
