import { describe, expect, it } from 'vitest';
import { fingerprint, normalizeEvidence } from './fingerprint.js';

describe('fingerprint', () => {
  it('is 16 hex digits from the rule, the subject names and the evidence', () => {
    const fp = fingerprint('missing-timeout', ['orders', 'users'], 'fetch GET ${USERS_URL}/users/{id}');
    expect(fp).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint('missing-timeout', ['orders', 'users'], 'fetch GET ${USERS_URL}/users/{id}')).toBe(fp);
    expect(fingerprint('excessive-timeout', ['orders', 'users'], 'fetch GET ${USERS_URL}/users/{id}')).not.toBe(fp);
    expect(fingerprint('missing-timeout', ['orders', 'payments'], 'fetch GET ${USERS_URL}/users/{id}')).not.toBe(fp);
    expect(fingerprint('missing-timeout', ['orders', 'users'], 'fetch POST ${USERS_URL}/users/{id}')).not.toBe(fp);
    expect(fingerprint('missing-timeout', ['orders', 'users'], 'fetch GET ${USERS_URL}/users/{id}/contact')).not.toBe(fp);
  });

  it('does not change when a formatter rewrites an expression quoted in the evidence', () => {
    const compact = 'fetch GET ${USERS_URL}/users/{encodeURIComponent(userId)}/contact';
    const reformatted = ['fetch GET ${USERS_URL}/users/{encodeURIComponent(\n      userId,\n    )}/contact', 'fetch  GET ${USERS_URL}/users/{encodeURIComponent( userId )}/contact'];
    for (const text of reformatted) expect(fingerprint('missing-timeout', ['a', 'b'], text)).toBe(fingerprint('missing-timeout', ['a', 'b'], compact));
    expect(normalizeEvidence('axios GET {lookup("a", { b: 1, })}')).toBe(normalizeEvidence("axios GET {lookup('a', {b: 1})}"));
  });

  it('drops the position from the scope id of an anonymous function, keeping its file', () => {
    expect(normalizeEvidence('bullmq add {fn src/jobs.ts#L12:5}')).toBe(normalizeEvidence('bullmq add {fn src/jobs.ts#L40:3}'));
    expect(normalizeEvidence('bullmq add {fn src/jobs.ts#L12:5}')).not.toBe(normalizeEvidence('bullmq add {fn src/other.ts#L12:5}'));
    expect(normalizeEvidence('{fn src/jobs.ts#handler}')).toBe('{fn src/jobs.ts#handler}');
  });

  it('keeps words apart: only whitespace next to punctuation goes', () => {
    expect(normalizeEvidence('  orders  limits\tweb,worker \n')).toBe('orders limits web,worker');
    expect(normalizeEvidence('GET /a -> users')).toBe('GET/a->users');
    expect(fingerprint('r', ['a'], 'ab c')).not.toBe(fingerprint('r', ['a'], 'a bc'));
  });
});
