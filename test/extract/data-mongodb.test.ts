import { describe, expect, it } from 'vitest';
import { dataEdgeLines, dataFactLines, linkedAccessLines } from '../helpers/data.js';
import { analyzeFixture, extractFixture, only } from '../helpers/extract.js';

const REVIEWS = 'datastore:mongodb:mongo/reviews';
const MODERATION = 'datastore:mongodb:mongo/moderation';

describe('mongodb', () => {
  it('records the client, database handles other modules import, and collection operations', () => {
    const { facts } = extractFixture('extract/data/mongodb');
    expect(only(facts, 'db-connection').map((c) => [c.id, c.url, c.database, c.wraps, c.declaredAs?.name])).toEqual([
      ['reviews/src/db.ts:3:23', [{ env: 'MONGO_URL' }], null, null, 'client'],
      ['reviews/src/db.ts:6:26', null, null, { created: 'reviews/src/db.ts:3:23' }, 'reviewsDb'],
      ['reviews/src/db.ts:7:29', null, [{ lit: 'moderation' }], { created: 'reviews/src/db.ts:3:23' }, 'moderationDb'],
    ]);
    expect(dataFactLines(facts)).toEqual([
      // a collection held by the class, assigned in its constructor
      'reviews/src/moderation.ts:13 mongodb/mongodb(mongodb) insertOne write [flags:write] via ./db.js#moderationDb',
      'reviews/src/moderation.ts:17 mongodb/mongodb(mongodb) findOneAndDelete both [flags:both] via ./db.js#moderationDb',
      // the collection name is a constant of another module
      'reviews/src/reviews.ts:4 mongodb/mongodb(mongodb) find read [${COLLECTIONS.reviews}:read=[{"ref":{"module":"./db.js","name":"COLLECTIONS","path":["reviews"],"from":"reviews/src/reviews.ts"}}]] partial via ./db.js#reviewsDb',
      'reviews/src/reviews.ts:8 mongodb/mongodb(mongodb) updateOne write [reviews:write] upsert:update via ./db.js#reviewsDb',
    ]);
  });

  it('puts each collection on the database its handle names: identity is kind + host + database', () => {
    const { links, report } = analyzeFixture('extract/data/mongodb');
    expect(linkedAccessLines(links)).toEqual([
      `reviews/src/moderation.ts:13 db mongodb insertOne write [flags:write] → ${MODERATION} (connection MONGO_URL) {POST /reviews/:id/flags}`,
      `reviews/src/moderation.ts:17 db mongodb findOneAndDelete both [flags:both] → ${MODERATION} (connection MONGO_URL) {POST /moderation/next}`,
      `reviews/src/reviews.ts:4 db mongodb find read [reviews:read] → ${REVIEWS} (connection MONGO_URL) {GET /products/:id/reviews}`,
      `reviews/src/reviews.ts:8 db mongodb updateOne write [reviews:write] upsert:update → ${REVIEWS} (connection MONGO_URL) {PUT /products/:id/reviews/:user}`,
    ]);
    expect(dataEdgeLines(report)).toEqual([
      `service:reviews reads ${MODERATION} [flags] observed {POST /moderation/next}`,
      `service:reviews writes ${MODERATION} [flags] observed {POST /moderation/next, POST /reviews/:id/flags}`,
      `service:reviews connects ${REVIEWS} declared {}`,
      `service:reviews reads ${REVIEWS} [reviews] observed {GET /products/:id/reviews}`,
      `service:reviews writes ${REVIEWS} [reviews] observed {PUT /products/:id/reviews/:user}`,
    ]);
    expect(report.datastores.map((d) => [d.id, d.instance, d.tables])).toEqual([
      [MODERATION, 'mongodb:mongo', ['flags']],
      [REVIEWS, 'mongodb:mongo', ['reviews']],
    ]);
  });
});
