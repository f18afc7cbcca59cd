import { z } from 'zod';
import { defineRule } from '../analyzer/types/index.js';
import { callEvidence, callUses } from './support/code.js';

export default defineRule({
  meta: {
    id: 'hardcoded-endpoint',
    title: 'Internal address written in the code',
    category: 'coupling',
    defaultSeverity: 'warn',
    rationale:
      'An address written into the code (`http://inventory:3000/...`) bypasses the configuration every environment relies on: it cannot point at a staging copy, a local stub or a renamed service, and nobody reading the manifests sees the dependency. It works until the first move, then fails in the one environment where it matters.',
    fix: 'Read the address from configuration (an environment variable the manifests set, like the other calls of the service) and use the client instance that already carries it, with its timeout.',
    options: z.strictObject({}),
    messages: { literal: '{{service}} calls {{target}} at an address written in the code ({{library}} {{method}})' },
  },
  check(ctx) {
    for (const { call } of callUses(ctx.links)) {
      if (!call.hardcoded || !call.target) continue;
      ctx.report({
        messageId: 'literal',
        data: { service: ctx.name(call.service), target: ctx.name(call.target), library: call.library, method: call.method ?? 'request' },
        subjects: [call.service, call.target],
        locations: [call.location],
        evidence: callEvidence(call),
      });
    }
  },
});
