import { z } from 'zod';
import { defineRule } from '../analyzer/types/index.js';
import { at, factsOf, nodesForWorkload, workloads } from './support/manifests.js';

const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)$/i;
const NOT_A_SECRET = /(_FILE|_PATH|_URL|_URI|_NAME|_ARN|_ID|_HEADER|_ALGORITHM|_TTL|_EXPIRY|_LENGTH)$/i;
/** `scheme://user:password@host`, and `redis://:password@host` (no user name). */
const URL_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:([^@\s/]+)@/i;
const REFERENCE = /\$\{|\$\(|\{\{/;

/** Whether a variable holds a secret by its name, or a connection string with a password in it. */
function secretKind(name: string, value: string): 'value' | 'url' | null {
  if (SECRET_NAME.test(name) && !NOT_A_SECRET.test(name)) return 'value';
  const password = URL_PASSWORD.exec(value)?.[1];
  return password && !REFERENCE.test(password) ? 'url' : null;
}

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
      configMap: '{{key}} of {{owner}} comes from ConfigMap {{configMap}}, which holds it in plain text ({{file}})',
      configMapUrl: 'the connection string in {{key}} of {{owner}} comes from ConfigMap {{configMap}} with a password in plain text ({{file}})',
    },
  },
  check(ctx) {
    for (const env of factsOf(ctx.facts, 'manifest-env')) {
      // Values compose wrote literally, and ConfigMap values (a ConfigMap is a committed manifest, not a secret store).
      if ((env.origin !== 'literal' && env.origin !== 'config-map') || !env.value || REFERENCE.test(env.value)) continue;
      const kind = secretKind(env.name, env.value);
      if (!kind) continue;
      const configMap = env.origin === 'config-map' ? (env.reference ?? '').split('/')[0] || 'a ConfigMap' : null;
      ctx.report({
        messageId: configMap ? (kind === 'value' ? 'configMap' : 'configMapUrl') : kind,
        data: { key: env.name, owner: env.service, file: env.file, configMap: configMap ?? '' },
        subjects: nodesForWorkload(ctx.graph, env.service),
        locations: [at(env)],
        evidence: `${env.service} ${env.name} ${env.file}`,
      });
    }
    // Dockerfile ENV is baked into every layer of the image; `$ARG` references are not values.
    for (const dockerfile of factsOf(ctx.facts, 'dockerfile')) {
      const owners = workloads(ctx.graph).filter((s) => s.path === dockerfile.dir);
      const owner = owners.map((s) => s.name).join(', ') || dockerfile.file;
      for (const env of dockerfile.env) {
        if (!env.value || REFERENCE.test(env.value) || /\$[A-Za-z_]/.test(env.value)) continue;
        const kind = secretKind(env.name, env.value);
        if (!kind) continue;
        ctx.report({
          messageId: kind,
          data: { key: env.name, owner, file: dockerfile.file },
          subjects: owners.map((s) => s.id),
          locations: [{ file: dockerfile.file, line: env.line }],
          evidence: `${owner} ${env.name} ${dockerfile.file}`,
        });
      }
    }
  },
});
