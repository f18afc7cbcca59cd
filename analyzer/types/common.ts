import { z } from 'zod';

/** Severity of a finding; also used for `--fail-on`. Ordered: info < warn < error. */
export const SeveritySchema = z.enum(['info', 'warn', 'error']);
export type Severity = z.infer<typeof SeveritySchema>;

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warn: 1, error: 2 };

/**
 * Where something was seen. `file` is relative to the analyzed root, with `/` separators.
 * `line` and `column` are 1-based; absent when the format gives no position.
 */
export const LocationSchema = z
  .object({
    file: z.string(),
    line: z.number().int().positive().optional(),
    column: z.number().int().positive().optional(),
  })
  .meta({ id: 'Location', description: 'A file (relative to the analyzed root) and, where known, a 1-based line and column.' });
export type Location = z.infer<typeof LocationSchema>;

export const DiagnosticLevelSchema = z.enum(['error', 'warning', 'info']);
export type DiagnosticLevel = z.infer<typeof DiagnosticLevelSchema>;

/** Something archreview could not read or understand, and why. The analysis goes on. */
export const DiagnosticSchema = z
  .object({
    level: DiagnosticLevelSchema,
    code: z.string().describe('Stable machine-readable reason, e.g. yaml-parse, unknown-kind, unresolved-variable.'),
    file: z.string().optional(),
    line: z.number().int().positive().optional(),
    message: z.string(),
  })
  .meta({ id: 'Diagnostic' });
export type Diagnostic = z.infer<typeof DiagnosticSchema>;
