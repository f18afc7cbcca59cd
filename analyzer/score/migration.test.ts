import { describe, expect, it } from 'vitest';
import type { Candidate, Recommendation } from '../types/index.js';
import { buildMigration } from './migration.js';

const rec = (id: string, kind: Recommendation['kind'], extra: Partial<Recommendation> = {}): Recommendation => ({
  id,
  action: id,
  impact: 'high',
  effort: 'small',
  risk: 'low',
  where: [],
  basis: [],
  source: kind === 'fix' ? 'finding' : 'scorecard',
  kind,
  ...extra,
});

describe('buildMigration', () => {
  it('bounds failures first, splits shared data before extracting, then extracts the least coupled candidate first', () => {
    const candidates = [{ name: 'billing', rank: 1 }, { name: 'catalog', rank: 2 }] as Candidate[];
    const recs = [
      rec('R1', 'fix', { category: 'security' }),
      rec('R2', 'fix', { category: 'resilience', basis: ['finding:t1'] }),
      rec('R3', 'shape', { basis: ['candidate:catalog'] }),
      rec('R4', 'shape', { basis: ['candidate:billing'] }),
      rec('R5', 'data', { source: 'finding', category: 'data', basis: ['finding:db'] }),
      rec('R6', 'fix', { impact: 'low', category: 'coupling' }),
    ];
    expect(buildMigration(recs, 'extract', candidates).map((s) => [s.step, s.title, s.recommendations])).toEqual([
      [1, 'Make failures visible and bounded', ['R2']],
      [2, 'Fix the other high-impact problems', ['R1']],
      [3, 'Split shared data first', ['R5']],
      [4, 'Change the shape (1 of 2)', ['R4']],
      [5, 'Change the shape (2 of 2)', ['R3']],
      [6, 'Then the remaining items', ['R6']],
    ]);
  });

  it('lets a merge settle the shared data and coupling findings of the services it merges', () => {
    const recs = [
      rec('R1', 'data', { source: 'finding', category: 'data', where: ['orders', 'inventory'] }),
      rec('R2', 'fix', { category: 'coupling', where: ['orders', 'shipping'] }),
      rec('R3', 'shape', { where: ['inventory', 'orders', 'shipping'], basis: ['candidate:inventory+orders+shipping'] }),
      rec('R4', 'data', { source: 'finding', category: 'data', where: ['users', 'payments'] }),
    ];
    const steps = buildMigration(recs, 'consolidate');
    expect(steps.map((s) => [s.title, s.recommendations])).toEqual([
      ['Change the shape', ['R3', 'R1', 'R2']],
      ['Then give the remaining shared data one owner', ['R4']],
    ]);
    expect(steps[0]!.action).toContain('which settles R1, R2 as well');
  });
});
