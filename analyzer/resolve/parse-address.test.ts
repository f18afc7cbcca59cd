import { describe, expect, it } from 'vitest';
import { isNonDependencyVariable, looksLikeAddressVariable, parseAddresses } from './parse-address.js';

describe('parseAddresses', () => {
  it.each([
    ['http://users:3000/api', [{ scheme: 'http', host: 'users', port: 3000, path: '/api', form: 'url' }]],
    ['postgresql://u:p@orders-db:5432/orders?sslmode=disable', [{ scheme: 'postgresql', host: 'orders-db', port: 5432, database: 'orders', path: '/orders', form: 'url' }]],
    ['mongodb://a:27017,b:27018/catalog?replicaSet=rs0', [
      { scheme: 'mongodb', host: 'a', port: 27017, database: 'catalog', path: '/catalog', form: 'url' },
      { scheme: 'mongodb', host: 'b', port: 27018, database: 'catalog', path: '/catalog', form: 'url' },
    ]],
    ['mongodb+srv://user:pw@cluster0.abc.mongodb.net/shop', [{ scheme: 'mongodb+srv', host: 'cluster0.abc.mongodb.net', database: 'shop', path: '/shop', form: 'url' }]],
    ['redis://cache:6379/2', [{ scheme: 'redis', host: 'cache', port: 6379, database: '2', path: '/2', form: 'url' }]],
    ['amqp://guest:guest@rabbit:5672/%2Fshop', [{ scheme: 'amqp', host: 'rabbit', port: 5672, database: '/shop', path: '/%2Fshop', form: 'url' }]],
    ['jdbc:postgresql://db:5432/keycloak', [{ scheme: 'postgresql', host: 'db', port: 5432, database: 'keycloak', path: '/keycloak', form: 'url' }]],
    ['jdbc:sqlserver://mssql:1433;databaseName=Orders;encrypt=false', [{ scheme: 'sqlserver', host: 'mssql', port: 1433, database: 'Orders', form: 'url' }]],
    ['Server=sql,1433;Database=Inventory;User Id=sa;Password=x;', [{ host: 'sql', port: 1433, database: 'Inventory', form: 'key-value' }]],
    ['Host=pg;Port=5432;Database=app;Username=u', [{ host: 'pg', port: 5432, database: 'app', form: 'key-value' }]],
    ['kafka-1:9092,kafka-2:9092', [
      { host: 'kafka-1', port: 9092, form: 'host-port' },
      { host: 'kafka-2', port: 9092, form: 'host-port' },
    ]],
    ['productcatalogservice:3550', [{ host: 'productcatalogservice', port: 3550, form: 'host-port' }]],
    ['dns:///checkout:5050', [{ scheme: 'grpc', host: 'checkout', port: 5050, form: 'url' }]],
    ['[::1]:8080', [{ host: '::1', port: 8080, form: 'host-port' }]],
  ])('%s', (value, expected) => {
    expect(parseAddresses(value, false)).toEqual(expected.map((e) => Object.fromEntries(Object.entries({ scheme: undefined, port: undefined, database: undefined, path: undefined, ...e }).filter(([, v]) => v !== undefined))));
  });

  it('reads a bare host only where the variable holds an address', () => {
    expect(parseAddresses('users', true)).toEqual([{ host: 'users', form: 'host' }]);
    expect(parseAddresses('users', false)).toEqual([]);
  });

  it.each(['info', 'true', '3000', '10s', 'a value with spaces', '', '1.2.3', '/var/run/app.sock', 'json'])('ignores %j', (value) => {
    expect(parseAddresses(value, false)).toEqual([]);
  });

  it('knows address variables and variables that are not dependencies', () => {
    expect(['DB_HOST', 'CART_SERVICE_ADDR', 'KAFKA_BROKERS', 'USERS_URL', 'SENTRY_DSN', 'UPSTREAM'].every(looksLikeAddressVariable)).toBe(true);
    expect(['LOG_LEVEL', 'PORT', 'NODE_ENV'].some(looksLikeAddressVariable)).toBe(false);
    expect(['CORS_ORIGIN', 'PUBLIC_URL', 'OAUTH_REDIRECT_URI', 'CALLBACK_URL'].every(isNonDependencyVariable)).toBe(true);
    expect(isNonDependencyVariable('USERS_URL')).toBe(false);
  });
});
