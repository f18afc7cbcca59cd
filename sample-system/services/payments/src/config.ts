import { z } from 'zod';

/** Runtime configuration, read once from the environment (keys are the variable names). */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().positive().default(3000),
  // Unset: listen on every interface (containers). The local start script sets 127.0.0.1.
  HOST: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().min(1, 'DATABASE_URL is required'),
  AMQP_URL: z.string().min(1, 'AMQP_URL is required'),
  PSP_URL: z.url(),
  PSP_API_KEY: z.string().min(1, 'PSP_API_KEY is required'),
});

export type Env = z.infer<typeof EnvSchema>;

function readEnv(): Env {
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`payments: invalid configuration\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

export const env = readEnv();
