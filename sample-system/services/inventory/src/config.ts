import { z } from 'zod';

/** Runtime configuration, read once from the environment (keys are the variable names). */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().positive().default(3000),
  // Unset: listen on every interface (containers). The local start script sets 127.0.0.1.
  HOST: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().min(1, 'DATABASE_URL is required'),
  AMQP_URL: z.string().min(1, 'AMQP_URL is required'),
  CATALOGUE_PAGE_SIZE: z.coerce.number().int().positive().max(200).default(50),
});

export type Env = z.infer<typeof EnvSchema>;

function readEnv(): Env {
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`inventory: invalid configuration\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

export const env = readEnv();
