import express from 'express';
import { Broker } from './broker.js';
import { env } from './config.js';
import { checkPostgres, createPool } from './db.js';
import { healthRouter } from './health.js';
import { httpLogger } from './observability.js';
import { paymentsRouter } from './routes/payments.js';
import { errorHandler, serve } from './server.js';

const pool = createPool(env.DATABASE_URL);
const broker = new Broker(env.AMQP_URL);
broker.start();

const app = express();
app.disable('x-powered-by');
app.use(healthRouter({ postgres: () => checkPostgres(pool), rabbitmq: () => broker.check() }));
app.use(httpLogger);
app.use(express.json({ limit: '16kb' }));
app.use(paymentsRouter(pool, broker));
app.use(errorHandler);

serve(app, env.HOST, env.PORT, [() => broker.close(), () => pool.end()]);
