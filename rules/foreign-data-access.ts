import { z } from 'zod';
import { defineRule } from '../analyzer/types/index.js';
import { byLocation } from './support/code.js';
import { CODE_FILE, datastoreUsers } from './support/data.js';
import { workloads } from './support/manifests.js';

/**
 * The one service a datastore is named after (`orders-db`, database `orders`). When several
 * names fit (`users` and `users-api` for `users-api-db`), the longest, most specific one wins;
 * two equally long names mean no owner.
 */
function ownerByName(names: string[], host: string, database: string | null): string | null {
  // Service names use hyphens where database names use underscores (`users-api`, `users_api`).
  const words = [host, database ?? ''].map((w) => w.toLowerCase().replaceAll('_', '-'));
  const owners = names.filter((name) => {
    const n = name.replaceAll('_', '-');
    return words.some((w) => w === n || w.startsWith(`${n}-`) || w === `${n}db`);
  }).sort((a, b) => b.length - a.length);
  if (owners.length > 1 && owners[0]!.length === owners[1]!.length) return null;
  return owners[0] ?? null;
}

export default defineRule({
  meta: {
    id: 'foreign-data-access',
    title: 'Service reads or writes another service\'s datastore',
    category: 'data',
    defaultSeverity: 'warn',
    rationale:
      'A datastore named after one service belongs to it: its schema is that service\'s private implementation. Another service reaching into it couples itself to that schema, bypasses the owner\'s rules and caching, and makes the owner\'s next migration a coordinated release.',
    fix: 'Ask the owner through its API, or subscribe to its events and keep a local copy of the data you need. If the data really has two owners, the boundary between the services is wrong; redraw it.',
    options: z.strictObject({}),
    messages: { foreign: '{{service}} uses {{datastore}}, which belongs to {{owner}}' },
  },
  check(ctx) {
    const services = workloads(ctx.graph);
    const names = services.map((s) => s.name.toLowerCase());
    for (const { datastore, users } of datastoreUsers(ctx.graph)) {
      const ownerName = ownerByName(names, datastore.host, datastore.database);
      if (!ownerName) continue;
      const owner = services.find((s) => s.name.toLowerCase() === ownerName)!;
      for (const [user, edges] of [...users].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (user === owner.id) continue;
        const locations = edges.flatMap((e) => e.locations);
        const code = locations.filter((l) => CODE_FILE.test(l.file));
        ctx.report({
          messageId: 'foreign',
          data: { service: ctx.name(user), datastore: datastore.name, owner: owner.name },
          subjects: [user, datastore.id],
          locations: (code.length ? code : locations).sort(byLocation),
          evidence: `${user} ${datastore.id}`,
        });
      }
    }
  },
});
