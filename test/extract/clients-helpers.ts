import { expect } from 'vitest';
import { analyzeFixture, extractFixture, only } from '../helpers/extract.js';

/** Each endpoint's calls: `file:line`, then how the path reaches them (loop, breaker, retries, effective timeout). */
export function endpointCalls(links: ReturnType<typeof analyzeFixture>['links']): [string, string[]][] {
  return links.endpoints.map((e) => [e.key, e.calls.map(reachLine)]);
}

/** Calls reached outside request handling (consumers, start-up, code no entry point reaches). */
export function backgroundCalls(links: ReturnType<typeof analyzeFixture>['links']): string[] {
  return links.backgroundCalls.map(reachLine);
}

function reachLine(c: ReturnType<typeof analyzeFixture>['links']['backgroundCalls'][number]): string {
  const flags = [c.inLoop ? 'in-loop' : '', c.breaker ? `breaker ${c.breaker.library} ${c.breaker.timeoutMs ?? 'none'}` : '', c.retry ? `retry ${c.retry.attempts ?? '?'}${c.retry.backoff ? ' backoff' : ''}` : ''];
  return [c.call.split('|')[1], ...flags.filter(Boolean), `timeout ${c.timeout.ms ?? 'none'} ${c.timeout.from}`].join(' ');
}

/** The client and resilience facts of a fixture, without their kind; the fixture must extract without diagnostics. */
export function clientFacts(name: string) {
  const { facts, diagnostics } = extractFixture(name);
  expect(diagnostics).toEqual([]);
  const strip = <F extends { kind: string }>({ kind: _kind, ...rest }: F) => rest;
  return { calls: only(facts, 'http-call').map(strip), instances: only(facts, 'client-instance').map(strip), policies: only(facts, 'resilience-policy').map(strip) };
}
