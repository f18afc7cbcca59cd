import { RULES } from '../entry.js';
import { UsageError } from './usage-error.js';

/** `archreview rules [--format text|json]`: the rule catalog. */
export function runRulesCommand(options: { format: string }): number {
  const rules = RULES.map((r) => ({
    id: r.meta.id,
    title: r.meta.title,
    category: r.meta.category,
    defaultSeverity: r.meta.defaultSeverity,
    rationale: r.meta.rationale,
    fix: r.meta.fix,
    docs: `rules/${r.meta.id}.md`,
  }));
  if (options.format === 'json') {
    process.stdout.write(`${JSON.stringify(rules, null, 2)}\n`);
    return 0;
  }
  if (options.format !== 'text') throw new UsageError(`unknown format "${options.format}" for rules (expected text or json)`);
  const width = Math.max(...rules.map((r) => r.id.length));
  const lines = [`${rules.length} rules (severity: error, warn, info; docs in rules/<id>.md)`, ''];
  for (const category of [...new Set(rules.map((r) => r.category))].sort()) {
    lines.push(category);
    for (const r of rules.filter((x) => x.category === category)) lines.push(`  ${r.id.padEnd(width)}  ${r.defaultSeverity.padEnd(5)}  ${r.title}`);
    lines.push('');
  }
  process.stdout.write(lines.join('\n'));
  return 0;
}
