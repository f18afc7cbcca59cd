import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigSchema } from '../analyzer/config/schema.js';
import { BaselineSchema } from '../analyzer/types/baseline.js';
import { ReportSchema } from '../analyzer/types/report.js';
import { packageRoot } from '../analyzer/version.js';

/** Writes the JSON Schemas of the Report, of archreview.yaml and of the CI baseline, generated from the zod schemas. */
const dir = path.join(packageRoot(), 'schema');
mkdirSync(dir, { recursive: true });
const write = (name: string, schema: z.ZodType, io: 'input' | 'output', title: string): void => {
  const json = { ...z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }), title, $id: `https://archreview.dev/schema/${name}` };
  writeFileSync(path.join(dir, name), `${JSON.stringify(json, null, 2)}\n`);
};
write('report.schema.json', ReportSchema, 'output', 'archreview report (archreview.json)');
write('config.schema.json', ConfigSchema, 'input', 'archreview configuration (archreview.yaml)');
write('baseline.schema.json', BaselineSchema, 'output', 'archreview baseline (archreview-baseline.json)');
