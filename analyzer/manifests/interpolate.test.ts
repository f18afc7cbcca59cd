import { describe, expect, it } from 'vitest';
import { parseEnvFile } from './env-file.js';
import { interpolate } from './interpolate.js';

const vars: Record<string, string> = { HOST: 'db', PORT: '5432', EMPTY: '', NAME: 'shop' };

function run(text: string) {
  const missing: string[] = [];
  const required: string[] = [];
  const value = interpolate(text, {
    lookup: (n) => vars[n],
    onMissing: (n) => missing.push(n),
    onRequired: (n, m) => required.push(`${n}:${m}`),
  });
  return { value, missing, required };
}

describe('interpolate', () => {
  it.each([
    ['postgres://${HOST}:$PORT/${NAME}', 'postgres://db:5432/shop'],
    ['${UNSET:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${EMPTY-fallback}', ''],
    ['${UNSET-fallback}', 'fallback'],
    ['${HOST:+set}', 'set'],
    ['${EMPTY:+set}', ''],
    ['${EMPTY+set}', 'set'],
    ['${UNSET+set}', ''],
    ['${UNSET:-${ALSO_UNSET:-${HOST}}}', 'db'],
    ['${UNSET:-http://${HOST}:${PORT}}', 'http://db:5432'],
    ['price: $$5 and $$HOST', 'price: $5 and $HOST'],
    ['a $ alone, $1 and ${', 'a $ alone, $1 and ${'],
    ['no variables', 'no variables'],
  ])('%s → %s', (text, expected) => {
    expect(run(text).value).toBe(expected);
  });

  it('reports a missing variable without default once per use', () => {
    expect(run('${UNSET}/${UNSET}')).toEqual({ value: '/', missing: ['UNSET', 'UNSET'], required: [] });
  });

  it('reports required variables', () => {
    expect(run('${UNSET:?set it}')).toEqual({ value: '', missing: [], required: ['UNSET:set it'] });
    expect(run('${EMPTY?need}').value).toBe('');
    expect(run('${EMPTY:?need}').required).toEqual(['EMPTY:need']);
  });

  it('stops expanding nested defaults at a fixed depth instead of recursing forever', () => {
    const deep = `${'${U:-'.repeat(60)}x${'}'.repeat(60)}`;
    expect(run(deep).value.length).toBeGreaterThan(0);
  });
});

describe('parseEnvFile', () => {
  it('reads quoting, export, comments, multi-line values and references to earlier keys', () => {
    const text = [
      '# comment',
      'export A=1',
      'B = two words # trailing comment',
      "C='single ${A} kept'",
      'D="double ${A} \\"quoted\\" \\n newline"',
      'E=${A}-${B}',
      'F="first',
      'second"',
      'G=',
      'not a valid line',
      '1BAD=x',
      'H=${UNKNOWN:-dflt}',
      'URL=http://host:80/#frag',
    ].join('\n');
    expect(parseEnvFile(text)).toEqual([
      { name: 'A', value: '1', line: 2 },
      { name: 'B', value: 'two words', line: 3 },
      { name: 'C', value: 'single ${A} kept', line: 4 },
      { name: 'D', value: 'double 1 "quoted" \n newline', line: 5 },
      { name: 'E', value: '1-two words', line: 6 },
      { name: 'F', value: 'first\nsecond', line: 7 },
      { name: 'G', value: '', line: 9 },
      { name: 'H', value: 'dflt', line: 12 },
      { name: 'URL', value: 'http://host:80/#frag', line: 13 },
    ]);
  });

  it('takes bare names from the outer environment when it has them', () => {
    expect(parseEnvFile('OUTER\nMISSING', (n) => (n === 'OUTER' ? 'yes' : undefined))).toEqual([{ name: 'OUTER', value: 'yes', line: 1 }]);
  });
});
