import { z } from 'zod';

/** Runtime configuration, read once from the environment (keys are the variable names). */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().positive().default(3000),
  // Unset: listen on every interface (containers). The local start script sets 127.0.0.1.
  HOST: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JWT_SECRET: z.string().min(16, 'JWT_SECRET must be at least 16 characters'),
  JWT_ISSUER: z.string().default('https://id.shop.example/'),
  JWT_AUDIENCE: z.string().default('shop-api'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(300),
  USERS_URL: z.url(),
  ORDERS_URL: z.url(),
  INVENTORY_URL: z.url(),
  SHIPPING_URL: z.url(),
  NOTIFICATIONS_URL: z.url(),
});

export type Env = z.infer<typeof EnvSchema>;

function readEnv(): Env {
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`api-gateway: invalid configuration\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

export const env = readEnv();
