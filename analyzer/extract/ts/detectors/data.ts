import type { Detector } from '../detector.js';
import { dataFlowDetector } from './data-flow.js';
import { drizzleDetector } from './drizzle.js';
import { knexDetector } from './knex.js';
import { modelCallsDetector } from './model-calls.js';
import { mongodbDetector } from './mongodb.js';
import { mongooseDetector } from './mongoose.js';
import { prismaDetector } from './prisma.js';
import { redisDetector } from './redis.js';
import { sequelizeDetector } from './sequelize.js';
import { sqlClientsDetector } from './sql-clients.js';
import { typeormDetector } from './typeorm.js';

/**
 * Data access detectors: connections, queries, ORM calls and cache commands (`data-facts.ts`),
 * and how connections and SQL travel between functions. `data-flow` comes first: it records
 * each class's members before the others look at `this.<member>`.
 */
export const DATA_DETECTORS: readonly Detector[] = [
  dataFlowDetector,
  sqlClientsDetector,
  mongodbDetector,
  mongooseDetector,
  prismaDetector,
  typeormDetector,
  knexDetector,
  sequelizeDetector,
  drizzleDetector,
  modelCallsDetector,
  redisDetector,
];
