import express from 'express';
import { Broker } from './broker.js';
import { env } from './config.js';
import { consumeShipmentDispatched } from './consumers/shipment-dispatched.js';
import { checkPostgres, createPool } from './db.js';
import { healthRouter } from './health.js';
import { httpLogger } from './observability.js';
import { productsRouter } from './routes/products.js';
import { reservationsRouter } from './routes/reservations.js';
import { errorHandler, serve } from './server.js';

const pool = createPool(env.DATABASE_URL);
const broker = new Broker(env.AMQP_URL);
consumeShipmentDispatched(broker, pool);
broker.start();

const app = express();
app.disable('x-powered-by');
app.use(healthRouter({ postgres: () => checkPostgres(pool), rabbitmq: () => broker.check() }));
app.use(httpLogger);
app.use(express.json({ limit: '64kb' }));
app.use(productsRouter(pool));
app.use(reservationsRouter(pool, broker));
app.use(errorHandler);

serve(app, env.HOST, env.PORT, [() => broker.close(), () => pool.end()]);
