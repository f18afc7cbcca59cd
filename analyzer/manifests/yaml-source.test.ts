import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../types/index.js';
import { parseYamlDocuments, yamlShape } from './yaml-source.js';

function parse(text: string, limits = {}): { values: unknown[]; diagnostics: string[] } {
  const diagnostics: Diagnostic[] = [];
  const values = parseYamlDocuments(text, 'f.yaml', diagnostics, limits).map((d) => d.value);
  return { values, diagnostics: diagnostics.map((d) => `${d.code}:${d.line ?? ''} ${d.message}`) };
}

describe('parseYamlDocuments limits', () => {
  it('refuses a document nested deeper than limits.maxNestingDepth before composing it, and keeps the others', () => {
    const deep = `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const { values, diagnostics } = parse(`x: 1\n---\n${deep}\n---\ny: 2\n`);
    expect(values).toEqual([{ x: 1 }, { y: 2 }]);
    expect(diagnostics).toEqual(['yaml-too-deep:2 refused: nested deeper than 100 levels (limits.maxNestingDepth)']);
  });

  it.each([
    ['flow sequences', `a: ${'['.repeat(5000)}${']'.repeat(5000)}`],
    ['block mappings', Array.from({ length: 3000 }, (_v, i) => `${' '.repeat(i)}k:`).join('\n')],
    ['compact sequences', `${'- '.repeat(50_000)}x`],
    ['explicit keys', `${'? '.repeat(50_000)}x`],
  ])('never runs the parser out of stack on deep %s', (_name, text) => {
    expect(parse(text).diagnostics).toEqual([expect.stringMatching(/^yaml-too-deep:1 /)]);
  });

  it('measures depth with aliases expanded', () => {
    const chain = ['c0: &c0 [x]', ...Array.from({ length: 12 }, (_v, i) => `c${i + 1}: &c${i + 1} [*c${i}]`)].join('\n');
    expect(parse(chain, { maxNestingDepth: 10, maxYamlAliases: 100_000 }).diagnostics).toEqual(['yaml-too-deep:1 refused: nested deeper than 10 levels (limits.maxNestingDepth)']);
    expect(parse(chain, { maxNestingDepth: 30, maxYamlAliases: 100_000 }).diagnostics).toEqual([]);
  });

  it('refuses an alias inside its own anchor', () => {
    expect(parse('a: &a\n  self: *a\n').diagnostics).toEqual([expect.stringMatching(/^yaml-alias-cycle:1 /)]);
  });

  it('refuses billion laughs by alias count and wide anchors by value count', () => {
    const laughs = ['l0: &l0 "lol"', ...Array.from({ length: 9 }, (_v, i) => `l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(', ')}]`)].join('\n');
    expect(parse(laughs).diagnostics).toEqual([expect.stringMatching(/^yaml-alias-limit:1 .*limits\.maxYamlAliases is 200/)]);
    const wide = `base: &b [${Array.from({ length: 1000 }, (_v, i) => i).join(', ')}]\nuses: [${Array(150).fill('*b').join(', ')}]\n`;
    expect(parse(wide).diagnostics).toEqual([]);
    expect(parse(wide, { maxYamlNodes: 100_000 }).diagnostics).toEqual(['yaml-too-large:1 refused: more than 100000 values once aliases are expanded (limits.maxYamlNodes)']);
  });

  it('reports errors other than the alias limit as invalid YAML', () => {
    expect(parse('a: *nowhere\n').diagnostics).toEqual([expect.stringMatching(/^yaml-parse:1 invalid YAML: Unresolved alias/)]);
  });
});

describe('yamlShape', () => {
  it('measures shared values once', () => {
    const leaf = { a: [1, 2, 3] };
    const shared = Array.from({ length: 30 }, () => leaf);
    let value: unknown = shared;
    for (let i = 0; i < 20; i++) value = [value, value];
    expect(yamlShape(value, 100, Number.POSITIVE_INFINITY)).toBe('ok');
    expect(yamlShape(value, 100, 1_000_000)).toBe('large');
    expect(yamlShape(value, 10)).toBe('deep');
  });
});
