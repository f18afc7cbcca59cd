import { describe, expect, it } from 'vitest';
import type { SymString } from '../../types/index.js';
import { substitute } from './call-graph.js';

describe('substitute', () => {
  it('fills parameters in and joins literals', () => {
    const bindings = new Map([['f#g', [[{ lit: 'http://users:3000' }] as SymString]]]);
    expect(substitute([{ param: 0, fn: 'f#g' }, { lit: '/x' }], bindings)).toEqual([{ lit: 'http://users:3000/x' }]);
  });

  it('gives up on values that grow without end along a call path (a + a + ... fourteen calls deep)', () => {
    let value: SymString = [{ lit: 'x'.repeat(100) }];
    for (let depth = 0; depth < 14; depth++) {
      const bindings = new Map([['f#g', [value]]]);
      value = substitute(Array(8).fill({ param: 0, fn: 'f#g' }), bindings);
    }
    expect(value).toEqual([{ unknown: 'value too large' }]);
  });

  it('gives up on values of too many parts', () => {
    const bindings = new Map([['f#g', [Array.from({ length: 40 }, (_v, i) => (i % 2 ? { lit: 'a' } : { env: `E${i}` })) as SymString]]]);
    expect(substitute([{ param: 0, fn: 'f#g' }, { lit: '-' }, { param: 0, fn: 'f#g' }], bindings)).toEqual([{ unknown: 'value too large' }]);
  });
});
