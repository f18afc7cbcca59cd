import { z } from 'zod';
import { defineRule } from '../analyzer/types/index.js';
import { at, factsOf, nodesForWorkload } from './support/manifests.js';

const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)$/i;
const NOT_A_SECRET = /(_FILE|_PATH|_URL|_URI|_NAME|_ARN|_ID|_HEADER|_ALGORITHM|_TTL|_EXPIRY|_LENGTH)$/i;
const URL_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:([^@\s]+)@/i;
const REFERENCE = /\$\{|\$\(|\{\{/;

export default defineRule({
  meta: {
    id: 'plaintext-secret',
    title: 'Secret written in plain text in a manifest',
    category: 'security',
    defaultSeverity: 'error',
    rationale:
      'A password or token written into a manifest is in every clone of the repository, every fork, every CI log that prints the configuration and every backup, forever: rotating it does not remove it from history. It is also the same value in every environment, so a leak of the development setup leaks production.',
    fix: 'Move the value into a secret store and reference it: a Kubernetes Secret through `secretKeyRef`, a compose `secrets:` entry or `${VARIABLE}` filled from an uncommitted `.env`, your cloud\'s secret manager. Then rotate the exposed value.',
    options: z.strictObject({}),
    messages: {
      value: '{{key}} of {{owner}} is written in plain text in {{file}}',
      url: 'the connection string in {{key}} of {{owner}} contains a password written in plain text in {{file}}',
    },
  },
  check(ctx) {
    for (const env of factsOf(ctx.facts, 'manifest-env')) {
      if ((env.origin !== 'literal' && env.origin !== 'dockerfile') || !env.value || REFERENCE.test(env.value)) continue;
      const password = URL_PASSWORD.exec(env.value)?.[1];
      const namedSecret = SECRET_NAME.test(env.name) && !NOT_A_SECRET.test(env.name);
      const inUrl = !!password && !REFERENCE.test(password);
      if (!namedSecret && !inUrl) continue;
      const subjects = nodesForWorkload(ctx.graph, env.service);
      ctx.report({
        messageId: namedSecret ? 'value' : 'url',
        data: { key: env.name, owner: env.service, file: env.file },
        subjects,
        locations: [at(env)],
        evidence: `${env.service} ${env.name} ${env.file}`,
      });
    }
  },
});
