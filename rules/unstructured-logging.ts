import { z } from 'zod';
import { defineRule } from '../analyzer/types/index.js';
import { byLocation } from './support/code.js';

export default defineRule({
  meta: {
    id: 'unstructured-logging',
    title: 'Service logs free text instead of structured records',
    category: 'observability',
    defaultSeverity: 'info',
    rationale:
      'With many services, logs are read by machines first: searched by request id, filtered by level and service, joined with traces. Free-text lines from `console.log` carry none of that structure, interleave across requests and cannot be correlated, so during an incident the one line that matters is hard to find.',
    fix: 'Log through a structured logger (pino, winston with a JSON format) that writes one JSON object per line with level, service, request id and trace id; replace `console.*` in service code with it.',
    options: z.strictObject({}),
    messages: {
      unstructured: '{{service}} logs with console only ({{count}} call{{plural}}), not with a structured logger',
      mixed: '{{service}} uses a structured logger but still writes {{count}} free-text console line{{plural}}',
      textLogger: '{{service}} logs free text through {{sources}}, not structured records',
      mixedTextLogger: '{{service}} uses a structured logger but also logs free text through {{sources}}',
    },
  },
  check(ctx) {
    for (const service of ctx.links.quality?.services ?? []) {
      const { verdict, console, loggers } = service.logging;
      if (verdict !== 'unstructured' && verdict !== 'mixed') continue;
      // Text can come from console calls or from a logger set up to write text (winston printf, NestJS Logger).
      const text = loggers.filter((l) => l.structured === false);
      const locations = [...text, ...console].map((c) => c.location).sort(byLocation);
      const calls = `${console.length} console call${console.length === 1 ? '' : 's'}`;
      const sources = [...new Set(text.map((l) => l.what))].join(', ') + (console.length ? ` and ${calls}` : '');
      ctx.report({
        messageId: text.length ? (verdict === 'mixed' ? 'mixedTextLogger' : 'textLogger') : verdict,
        data: { service: ctx.name(service.service), count: console.length, plural: console.length === 1 ? '' : 's', sources },
        subjects: [service.service],
        locations,
        evidence: `${service.service} logging ${verdict}`,
      });
    }
  },
});
