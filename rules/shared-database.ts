import { z } from 'zod';
import { defineRule } from '../analyzer/types/index.js';
import { byLocation } from './support/code.js';
import { CODE_FILE, datastoreUsers } from './support/data.js';

export default defineRule({
  meta: {
    id: 'shared-database',
    title: 'Two or more services share one database',
    category: 'data',
    defaultSeverity: 'error',
    rationale:
      'Services that read and write the same database are one system in disguise: a schema change needs every one of them released together, one service\'s heavy query slows the others, and the data has no single owner who can keep it consistent. It is the most common reason a microservice split brings the costs of distribution without its independence.',
    fix: 'Give the data one owner. The other services ask the owner through its API, or keep their own copy of what they need, updated from the owner\'s events. Move the shared tables step by step: first stop the second service writing, then stop it reading.',
    options: z.strictObject({
      roles: z.array(z.enum(['database', 'cache', 'search', 'object-store'])).default(['database']).describe('Datastore roles the rule looks at.'),
    }),
    messages: { shared: '{{services}} {{verb}} {{what}} ({{kind}})' },
  },
  check(ctx) {
    for (const { datastore, users } of datastoreUsers(ctx.graph)) {
      if (!ctx.options.roles.includes(datastore.role as 'database') || users.size < 2) continue;
      const services = [...users.keys()].sort();
      const edges = [...users.values()].flat();
      const writers = (table: string) => edges.filter((e) => e.kind === 'writes' && e.tables?.includes(table)).map((e) => e.from);
      const sharedTables = datastore.tables.filter((t) => new Set(writers(t)).size >= 2);
      // Evidence: the writes of the shared tables, else every code access, else the configured connections.
      const shared = new Set(sharedTables);
      const tableWrites = (ctx.links.dataAccess?.accesses ?? [])
        .filter((a) => a.datastore === datastore.id && a.tables.some((t) => shared.has(t.name) && t.access !== 'read'))
        .map((a) => a.location)
        .sort(byLocation);
      const codeLocations = edges.filter((e) => e.kind === 'writes' || e.kind === 'reads').flatMap((e) => e.locations).filter((l) => CODE_FILE.test(l.file)).sort(byLocation);
      const locations = tableWrites.length ? tableWrites : codeLocations.length ? codeLocations : edges.flatMap((e) => e.locations).sort(byLocation);
      ctx.report({
        messageId: 'shared',
        data: {
          services: services.map(ctx.name).join(', ').replace(/, ([^,]*)$/, ' and $1'),
          verb: services.length === 2 ? (sharedTables.length ? 'both write' : 'both use') : sharedTables.length ? 'all write' : 'all use',
          what: `${sharedTables.length ? `table${sharedTables.length > 1 ? 's' : ''} ${sharedTables.map((t) => `\`${t}\``).join(', ')} in ` : ''}${datastore.database ? `database \`${datastore.database}\` on ${datastore.host}` : datastore.host}`,
          kind: datastore.kind,
        },
        subjects: [...services, datastore.id],
        locations,
        evidence: `${services.join(',')} ${datastore.id} ${sharedTables.join(',')}`,
      });
    }
  },
});
