import { describe, expect, it } from 'vitest';
import { analyzeFixture, extractFixture, only } from '../helpers/extract.js';

const limits = (name: string): string[] =>
  only(extractFixture(name).facts, 'rate-limit').map((f) => `${f.file}:${f.line} ${f.library} ${f.applied ? `applied${f.path ? ` on ${f.path}` : ''}` : 'created'}`);

describe('rate limiting', () => {
  it('finds express-rate-limit applied on a path', () => {
    expect(limits('extract/quality/shop-basic')).toEqual(['src/index.ts:11 express-rate-limit applied on /api']);
  });

  it('finds limiters made in another module and with rate-limiter-flexible; NestJS throttler guards', () => {
    expect(limits('extract/quality/gateway-rate-limit')).toEqual(['edge/src/limits.ts:4 express-rate-limit created', 'ledger/src/index.ts:5 rate-limiter-flexible created']);
    expect(limits('extract/quality/nest-app')).toEqual(['src/app.module.ts:9 @nestjs/throttler applied']);
    const { links } = analyzeFixture('extract/quality/gateway-rate-limit');
    expect(links.quality!.services.map((s) => `${s.service} ${s.rateLimits.map((e) => `${e.library} ${e.what}`).join('; ')}`)).toEqual([
      'service:accounts ',
      'service:edge express-rate-limit limiter created',
      'service:ledger rate-limiter-flexible limiter created',
      'service:partners ',
      'service:reports ',
    ]);
  });
});
