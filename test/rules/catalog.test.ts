import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { placeholders } from '../../analyzer/engine/render-message.js';
import { RULES } from '../../analyzer/run.js';
import { RULE_CATEGORIES } from '../../analyzer/types/index.js';
import { asExpected, ruleCases, runRule } from '../../rules/tester.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

const RULES_DIR = path.join(REPO_ROOT, 'rules');
const NOT_RULES = /^(index|registry|types|tester.*|_.*|.*\.test)\.ts$/;
const SECTIONS = ['## Why', '## How to fix', '## Example', '## Options', '## When not to use'];

describe('rule catalog', () => {
  it('registers every rule module, once, sorted by id', () => {
    const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts') && !NOT_RULES.test(f)).map((f) => f.replace(/\.ts$/, '')).sort();
    const ids = RULES.map((r) => r.meta.id);
    expect(ids).toEqual(files);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it.each(RULES.map((r) => [r.meta.id, r]))('%s: meta is complete and its options have defaults', (_, rule) => {
    expect(RULE_CATEGORIES).toContain(rule.meta.category);
    expect(['error', 'warn', 'info']).toContain(rule.meta.defaultSeverity);
    expect(rule.meta.rationale.length).toBeGreaterThan(120);
    expect(rule.meta.fix.length).toBeGreaterThan(60);
    expect(rule.meta.options.safeParse({}).success).toBe(true);
    expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
  });

  it.each(RULES.map((r) => [r.meta.id, r]))('%s: has a doc page whose title matches and whose sections are all there', (id, rule) => {
    const file = path.join(RULES_DIR, `${id}.md`);
    expect(existsSync(file), `rules/${id}.md is missing`).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toBe(`# ${rule.meta.title}`);
    for (const section of SECTIONS) expect(text, `rules/${id}.md lacks "${section}"`).toContain(section);
    for (const key of Object.keys((rule.meta.options as { shape?: object }).shape ?? {})) expect(text, `rules/${id}.md does not document option ${key}`).toContain(`\`${key}\``);
  });
});

describe.each(RULES.map((r) => [r.meta.id, r]))('rule %s against its fixtures', (id, rule) => {
  const cases = ruleCases(id);

  it('has at least one valid and one invalid case', () => {
    expect(cases.some((c) => c.valid), `fixtures/rules/${id}/valid-* missing`).toBe(true);
    expect(cases.some((c) => !c.valid), `fixtures/rules/${id}/invalid-* missing`).toBe(true);
  });

  it.each(cases.map((c) => [c.name, c]))('%s', (_, c) => {
    const { findings, diagnostics } = runRule(id, c.dir);
    expect(diagnostics.filter((d) => d.code === 'rule-failed')).toEqual([]);
    expect(findings.map(asExpected)).toEqual(c.valid ? [] : c.expected);
    for (const f of findings) expect(f.message).not.toMatch(/\{\{|\}\}|undefined|NaN/);
    if (!c.valid) expect(c.expected.length).toBeGreaterThan(0);
  });

  it('uses every placeholder of its messages consistently', () => {
    for (const template of Object.values(rule.meta.messages)) expect(placeholders(template).length).toBeGreaterThan(0);
  });
});
