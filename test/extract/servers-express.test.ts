import { describe, expect, it } from 'vitest';
import { endpointCalls, endpointLines, linkedEndpointLines } from '../helpers/endpoints.js';
import { analyzeFixture, extractFixture } from '../helpers/extract.js';

describe('express: default exports and settings', () => {
  it('does not take settings getters (`app.get(name)`) for routes', () => {
    const { facts } = extractFixture('extract/servers/express-defaults');
    expect(endpointLines(facts)).toEqual([
      'POST /exports src/app.js:12 [./routes/export:default]',
      'GET /:id src/routes/accounts.js:6 [L6:20]',
      'DELETE /:id src/routes/accounts.js:7 [L7:23]',
    ]);
  });

  it('mounts routers exported as the default (module.exports = router) and follows default-exported handlers', () => {
    const analysis = analyzeFixture('extract/servers/express-defaults');
    expect(linkedEndpointLines(analysis)).toEqual([
      'DELETE /accounts/:id src/routes/accounts.js:7 mutating',
      'GET /accounts/:id src/routes/accounts.js:6 safe',
      'POST /exports src/app.js:12 mutating',
    ]);
    expect(endpointCalls(analysis)).toEqual(['DELETE /accounts/:id → src/audit.js:2 service:audit', 'POST /exports → src/audit.js:2 service:audit']);
  });
});
