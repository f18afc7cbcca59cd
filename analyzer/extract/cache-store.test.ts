import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzerSalt, cacheDirFor, openCache } from './cache-store.js';

const temp = (): string => mkdtempSync(path.join(os.tmpdir(), 'archreview-cache-'));

describe('cache store', () => {
  it('keeps what a run used, for the next run with the same salt', () => {
    const dir = temp();
    const first = openCache<{ n: number }>(dir, 'facts', 'salt-1');
    expect(first.get('a')).toBeUndefined();
    first.set('a', { n: 1 });
    first.set('b', { n: 2 });
    first.save();

    const second = openCache<{ n: number }>(dir, 'facts', 'salt-1');
    expect(second.get('a')).toEqual({ n: 1 });
    expect(second.stats).toEqual({ hits: 1, misses: 0 });
    second.save();
    // b was not used by the second run, so the third no longer has it.
    const third = openCache<{ n: number }>(dir, 'facts', 'salt-1');
    expect(third.get('b')).toBeUndefined();
    expect(third.get('a')).toEqual({ n: 1 });
  });

  it('ignores entries of another build and files that are not a cache', () => {
    const dir = temp();
    const store = openCache<string>(dir, 'facts', 'old');
    store.set('k', 'v');
    store.save();
    expect(openCache<string>(dir, 'facts', 'new').get('k')).toBeUndefined();
    writeFileSync(path.join(dir, 'facts.bin'), 'not a cache at all');
    expect(openCache<string>(dir, 'facts', 'old').get('k')).toBeUndefined();
  });

  it('never fails a run when the folder cannot be written', () => {
    const dir = temp();
    writeFileSync(path.join(dir, 'file'), '');
    const store = openCache<string>(path.join(dir, 'file', 'below'), 'facts', 's');
    store.set('k', 'v');
    expect(() => store.save()).not.toThrow();
    expect(readdirSync(dir)).toEqual(['file']);
    expect(() => openCache<string>(null, 'facts', 's').save()).not.toThrow();
  });

  it('keeps one folder per analyzed folder, outside it, and a salt per build of the analyzer', () => {
    expect(cacheDirFor('/work/a/shop', '/c')).toMatch(/^\/c\/shop-[0-9a-f]{16}$/);
    expect(cacheDirFor('/work/b/shop', '/c')).not.toBe(cacheDirFor('/work/a/shop', '/c'));
    expect(analyzerSalt()).toMatch(/^[0-9a-f]{64}$/);
    expect(analyzerSalt()).toBe(analyzerSalt());
  });
});
