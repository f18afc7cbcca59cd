import type { Fact } from '../../analyzer/types/index.js';
import { symText } from '../../analyzer/types/index.js';
import type { analyze } from '../../analyzer/run.js';
import { only } from './extract.js';

/** Endpoint facts as `METHOD path file:line [handlers]`, handlers as scope names or `module:name`. */
export function endpointLines(facts: readonly Fact[]): string[] {
  return only(facts, 'endpoint').map((e) => {
    const handlers = e.handlers.map((h) => (typeof h === 'string' ? h.slice(h.indexOf('#') + 1) : `${h.module ?? ''}:${h.name}${h.member ? `.${h.member}` : ''}`));
    return `${e.method} ${symText(e.path)} ${e.file}:${e.line} [${handlers.join(', ')}]`;
  });
}

/** Linked endpoints of every service as `METHOD /full/path file:line mutating|safe`, sorted. */
export function linkedEndpointLines(analysis: ReturnType<typeof analyze>): string[] {
  return analysis.report.services.flatMap((s) => s.endpoints.map((e) => `${e.method} ${e.path} ${e.location?.file}:${e.location?.line} ${e.mutating ? 'mutating' : 'safe'}`));
}

/** Per endpoint, the linked calls it reaches: `key → file:line target`. */
export function endpointCalls(analysis: ReturnType<typeof analyze>): string[] {
  const calls = new Map(analysis.links.calls.map((c) => [c.id, c]));
  return analysis.links.endpoints
    .filter((e) => e.calls.length)
    .map((e) => `${e.key} → ${e.calls.map((c) => { const call = calls.get(c.call); return `${call?.location.file}:${call?.location.line} ${call?.target ?? 'unresolved'}`; }).join(', ')}`);
}
