import express from 'express';
import { Broker } from './broker.js';
import { env } from './config.js';
import { consumeShopEvents } from './consumers/shop-events.js';
import { checkPostgres, createPool } from './db.js';
import { healthRouter } from './health.js';
import { httpLogger } from './observability.js';
import { notificationsRouter } from './routes/notifications.js';
import { errorHandler, serve } from './server.js';

const pool = createPool(env.DATABASE_URL);
const broker = new Broker(env.AMQP_URL);
consumeShopEvents(broker, pool);
broker.start();

const app = express();
app.disable('x-powered-by');
app.use(healthRouter({ postgres: () => checkPostgres(pool), rabbitmq: () => broker.check() }));
app.use(httpLogger);
app.use(express.json({ limit: '16kb' }));
app.use(notificationsRouter(pool));
app.use(errorHandler);

serve(app, env.HOST, env.PORT, [() => broker.close(), () => pool.end()]);
