import { describe, expect, it } from 'vitest';
import { validationDetector } from '../../analyzer/extract/ts/detectors/request-validation.js';
import { parseSource } from '../../analyzer/extract/ts/parse-source.js';
import { walkFile } from '../../analyzer/extract/ts/walker.js';
import type { EndpointQuality } from '../../analyzer/types/quality-links.js';
import { analyzeFixture, extractFixture, only } from '../helpers/extract.js';

/** Validation facts of one file of code, as `line library method(input) schema`. */
function validations(code: string): string[] {
  const { sourceFile } = parseSource(code, 'src/route.ts');
  const { facts } = walkFile({ file: 'src/route.ts', sf: sourceFile, detectors: [validationDetector], isLocalModule: (s) => s.startsWith('.') });
  return only(facts, 'validation').map((f) => `${f.line} ${f.library} ${f.method}(${f.input})${f.schema ? ` ${f.schema}` : ''}${f.schemaRef ? ` from ${f.schemaRef.module}` : ''}${f.global ? ' global' : ''}`);
}

const validation = (e: EndpointQuality): string =>
  `${e.key} ${e.validation.validated ? `[${e.validation.inputs.join(',')}] ${e.validation.evidence.map((x) => `${x.library} ${x.what} @${x.location.file}:${x.location.line}`).join('; ')}` : 'not validated'}`;

describe('validation calls', () => {
  it('knows the schema libraries and what each call validates', () => {
    expect(
      validations(`
import { z } from 'zod';
import Joi from 'joi';
import * as yup from 'yup';
import Ajv from 'ajv';
import * as v from 'valibot';
import { assert, object, string } from 'superstruct';
import { validateOrReject } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { Value } from '@sinclair/typebox/value';
import { CreateOrder } from './schemas.js';
const Body = z.object({ sku: z.string() });
const ajv = new Ajv();
const validateOrder = ajv.compile({ type: 'object' });
export async function handle(req, res) {
  Body.parse(req.body);
  Joi.object({ q: Joi.string() }).validate(req.query);
  await yup.object({ id: yup.string() }).validate(req.params);
  validateOrder(req.body);
  v.parse(v.object({}), await req.json());
  assert(req.body, object({ name: string() }));
  await validateOrReject(plainToInstance(Dto, req.body));
  Value.Check(Schema, req.body);
  CreateOrder.safeParse({ ...req.body, userId: req.params.id });
  Body.parse(process.env);
  JSON.parse(req.body);
  const checked = Body.parse(req.body);
  Body.parse({ sku: checked.sku });
}`),
    ).toEqual([
      '16 zod parse(body) Body',
      '17 joi validate(query)',
      '18 yup validate(params)',
      '19 ajv compile(body)',
      '20 valibot parse(body)',
      '21 superstruct assert(body)',
      '22 class-validator validateOrReject(body)',
      '23 @sinclair/typebox Check(body) Schema',
      '24 schema safeParse(body) CreateOrder from ./schemas.js',
      '25 zod parse(env) Body',
      '27 zod parse(body) Body',
      '28 zod parse(value) Body',
    ]);
  });

  it('takes a schema passed in (typed or not) when it checks the request, and application-wide pipes', () => {
    expect(
      validations(`
import type { ZodType } from 'zod';
import { ValidationPipe } from '@nestjs/common';
export const typed = (schema: ZodType) => (req, res, next) => { schema.safeParse(req.body); next(); };
export const untyped = (schema) => (req, res, next) => { schema.validate(req.query); next(); };
export const notRequest = (parser, text) => parser.parse(text);
export async function bootstrap(app) { app.useGlobalPipes(new ValidationPipe()); }`),
    ).toEqual(['4 zod safeParse(body) schema', '5 schema validate(query) schema', '7 class-validator ValidationPipe(request) global']);
  });
});

describe('request validation per endpoint', () => {
  it('finds zod validation of the body in the handler', () => {
    const { links } = analyzeFixture('extract/quality/shop-basic');
    expect(links.quality!.endpoints.filter((e) => e.key.startsWith('POST') || e.key.startsWith('PUT')).map(validation)).toEqual([
      'POST /api/carts not validated',
      'POST /api/orders [body] zod validates the request body with CreateOrder @src/routes/orders.ts:19',
      'PUT /api/orders/:id [body] zod validates the request body with CreateOrder @src/routes/orders.ts:31',
    ]);
  });

  it('follows validating middleware of another file, imported schemas, celebrate and express-validator', () => {
    const { facts } = extractFixture('extract/quality/middleware-elsewhere');
    expect(only(facts, 'route-middleware').map((m) => `${m.file}:${m.line} ${m.method} ${m.middleware.map((t) => (typeof t === 'string' ? t : `${t.module}#${t.name}`)).join(',')} ${m.packages.join(',')}`)).toEqual([
      'src/index.ts:8 USE ./routes/payments.js#paymentsRouter ',
      'src/index.ts:9 USE ./routes/transfers.js#transfersRouter ',
      'src/routes/payments.ts:13 POST ../idempotency.js#idempotent,../validate.js#validateBody ',
      'src/routes/payments.ts:24 POST  celebrate',
      'src/routes/transfers.ts:7 USE ../idempotency.js#requireTransferKey ',
      'src/routes/transfers.ts:9 POST  express-validator',
    ]);
    const { links } = analyzeFixture('extract/quality/middleware-elsewhere');
    expect(links.quality!.endpoints.map(validation)).toEqual([
      'PATCH /transfers/:id not validated',
      'POST /payments [body] zod validates the request body with schema @src/validate.ts:7',
      'POST /payouts [request] celebrate celebrate middleware on the route @src/routes/payments.ts:24',
      'POST /refunds [body] zod validates the request body with Refund @src/routes/payments.ts:20',
      'POST /transfers [request] express-validator express-validator middleware on the route @src/routes/transfers.ts:9; express-validator validates the request request @src/routes/transfers.ts:10',
      'POST /webhooks not validated',
    ]);
  });

  it('records a NestJS global ValidationPipe for the service', () => {
    const { links } = analyzeFixture('extract/quality/nest-app');
    expect(links.quality!.services.map((s) => s.globalValidation.map((e) => `${e.library} ${e.what} @${e.location.file}:${e.location.line}`))).toEqual([
      ['class-validator validates every request (ValidationPipe) @src/main.ts:9'],
    ]);
  });
});
