import { z } from 'zod';
import { defineRule } from '../analyzer/types/index.js';
import { codeAnalysed, workloads } from './support/manifests.js';

export default defineRule({
  meta: {
    id: 'shared-library',
    title: 'Internal library imported by most services',
    category: 'coupling',
    defaultSeverity: 'info',
    rationale:
      'A library that most services import couples their releases through it: a change to it either ships to everyone at once (a distributed monolith) or leaves services on different versions of shared behaviour. Shared libraries also tend to grow domain logic that belongs to one service. Small, stable, technical libraries (logging setup, HTTP helpers) are fine; shared business code and shared data models are the problem.',
    fix: 'Keep the shared library thin and technical, version it, and let services upgrade on their own schedule. Move business rules and data models into the service that owns them; let others use its API or events instead of its code.',
    options: z.strictObject({
      minServices: z.number().int().min(2).default(3).describe('Services that must import the library.'),
      minShare: z.number().min(0).max(1).default(0.5).describe('Share of the TypeScript/JavaScript services (those whose code is analysed) that must import it ("most services").'),
    }),
    messages: { shared: '{{library}} is imported by {{count}} of {{total}} TypeScript/JavaScript services ({{services}})' },
  },
  check(ctx) {
    // Services that could import it: those whose TypeScript/JavaScript code is read. A Go service
    // or an nginx gateway built from a folder cannot, so counting them would hide the coupling.
    const total = workloads(ctx.graph).filter((s) => !s.thirdParty && codeAnalysed(s)).length;
    for (const library of ctx.links.libraries ?? []) {
      const count = library.services.length;
      if (count < ctx.options.minServices || count < ctx.options.minShare * total) continue;
      ctx.report({
        messageId: 'shared',
        data: { library: library.name, count, total, services: library.services.map(ctx.name).join(', ') },
        subjects: library.services,
        locations: [{ file: library.dir }],
        evidence: `${library.dir} ${library.services.join(',')}`,
      });
    }
  },
});
