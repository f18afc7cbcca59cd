import { describe, expect, it } from 'vitest';
import type { ServiceQuality } from '../../analyzer/types/quality-links.js';
import { analyzeFixture, extractFixture, only } from '../helpers/extract.js';

const logging = (s: ServiceQuality): string =>
  `${s.service} ${s.logging.verdict} loggers=[${s.logging.loggers.map((l) => `${l.what}${l.structured ? '' : ' (text)'} @${l.location.file}:${l.location.line}`).join('; ')}] console=[${s.logging.console.map((c) => `${c.what} @${c.location.file}:${c.location.line}`).join('; ')}]`;

describe('logging', () => {
  it('finds a pino logger created in observability.ts', () => {
    const { links } = analyzeFixture('extract/quality/shop-basic');
    expect(links.quality!.services.map(logging)).toEqual(['service:orders structured loggers=[pino logger `logger` @src/observability.ts:3] console=[]']);
  });

  it('follows a logger from a workspace package, reads winston formats, and counts console in service code but not in scripts', () => {
    const { facts } = extractFixture('extract/quality/shared-logger');
    expect(only(facts, 'logging').map((f) => `${f.file}:${f.line} ${f.library} ${f.what}${f.name ? ` ${f.name}` : ''} structured=${f.structured}`)).toEqual([
      'packages/logger/src/index.ts:4 pino logger logger structured=true',
      'services/audit/src/index.ts:5 pino logger logger structured=true',
      'services/audit/src/index.ts:7 pino-http http-logger structured=true',
      'services/audit/src/index.ts:9 console console error structured=false',
      'services/billing/scripts/seed.ts:2 console console log structured=false',
      'services/emails/src/index.ts:6 console console warn structured=false',
      'services/emails/src/log.ts:4 winston logger log structured=false',
    ]);
    const { links } = analyzeFixture('extract/quality/shared-logger');
    expect(links.quality!.services.map(logging)).toEqual([
      'service:audit mixed loggers=[pino logger `logger` @services/audit/src/index.ts:5; pino-http HTTP request logger @services/audit/src/index.ts:7] console=[console.error @services/audit/src/index.ts:9]',
      'service:billing structured loggers=[pino logger `logger` @packages/logger/src/index.ts:4] console=[]',
      'service:emails unstructured loggers=[winston logger `log` (text) @services/emails/src/log.ts:4] console=[console.warn @services/emails/src/index.ts:6]',
      'service:notifier none loggers=[] console=[]',
    ]);
  });

  it('counts the NestJS Logger as structured when nestjs-pino replaces it', () => {
    const { links } = analyzeFixture('extract/quality/nest-app');
    expect(links.quality!.services.map(logging)).toEqual([
      'service:billing structured loggers=[nestjs-pino logger @src/app.module.ts:10; @nestjs/common logger @src/invoices.controller.ts:15] console=[]',
    ]);
  });
});
