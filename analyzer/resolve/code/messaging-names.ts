import type { ManifestEnvFact, SymString } from '../../types/index.js';
import type { BrokerKind, ChannelKind } from '../../types/messaging-facts.js';
import { symText } from './endpoint-paths.js';

const MAX_NAMES = 4;

/**
 * The concrete names a symbolic channel name takes in a service: literal parts, environment
 * values from its manifests (compose and Kubernetes may differ), defaults written in the code.
 * Null when a part stays unknown (a parameter no caller fills, a computed value).
 */
export function renderNames(sym: SymString, env: Map<string, ManifestEnvFact[]>): string[] | null {
  let out = [''];
  for (const part of sym) {
    if ('lit' in part) out = out.map((t) => t + part.lit);
    else if ('env' in part) {
      const values = [...new Set((env.get(part.env) ?? []).map((e) => e.value).filter((v): v is string => v !== null))].sort();
      if (!values.length && part.fallback === undefined) return null;
      const choices = values.length ? values : [part.fallback!];
      out = out.flatMap((t) => choices.map((v) => t + v)).slice(0, MAX_NAMES);
    } else return null;
  }
  const names = [...new Set(out.map((t) => t.trim()).filter(Boolean))];
  return names.length ? names : null;
}

/**
 * A dotted name with computed tokens (`inventory.stock.${sku}`, `order.${status}`) as the family
 * of names it stands for: each computed token becomes `*` (`inventory.stock.*`), so subscribers
 * with matching patterns find it. Null when a computed part is not a whole token.
 */
export function wildcardName(sym: SymString, env: Map<string, ManifestEnvFact[]>): string | null {
  let text = '';
  for (const part of sym) {
    if ('lit' in part) text += part.lit;
    else {
      const known = 'env' in part ? renderNames([part], env)?.[0] : undefined;
      text += known ?? '\u0000';
    }
  }
  if (!text.includes('\u0000')) return null;
  const tokens = text.split('.');
  if (tokens.some((t) => t.includes('\u0000') && t !== '\u0000')) return null;
  return tokens.map((t) => (t === '\u0000' ? '*' : t)).join('.');
}

/** How a channel name is written when it is not known: `{param0}`, `${ORDERS_TOPIC}`. */
export function displayName(sym: SymString): string {
  return symText(sym);
}

/** The channel a name denotes: SQS queue URLs and SNS topic ARNs end with the queue or topic name; Pub/Sub paths with the topic. */
export function channelName(broker: BrokerKind, text: string): string {
  if (broker === 'sqs' && /^https?:\/\//i.test(text)) return text.replace(/\/+$/, '').split('/').pop() ?? text;
  if (broker === 'sns' && text.startsWith('arn:')) return text.split(':').pop() ?? text;
  if (broker === 'pubsub' && /^projects\/[^/]+\/(topics|subscriptions)\//.test(text)) return text.split('/').pop() ?? text;
  return text;
}

export function channelId(broker: BrokerKind, name: string): string {
  return `channel:${broker}:${name}`;
}

/** Wire protocol of a broker, for edges. */
export const BROKER_PROTOCOL: Record<BrokerKind, string> = {
  rabbitmq: 'amqp', kafka: 'kafka', nats: 'nats', redis: 'redis', bullmq: 'redis', sqs: 'sqs', sns: 'sns', pubsub: 'pubsub', mqtt: 'mqtt',
};

/** Datastore kinds (from images and URL schemes) a broker runs as. */
export const BROKER_DATASTORES: Record<BrokerKind, string[]> = {
  rabbitmq: ['rabbitmq'], kafka: ['kafka'], nats: ['nats'], redis: ['redis', 'valkey'], bullmq: ['redis', 'valkey'], sqs: ['localstack'], sns: ['localstack'], pubsub: [], mqtt: ['mqtt'],
};

/**
 * Whether a subscription pattern matches a published name: AMQP topic bindings (`*` one word,
 * `#` zero or more words), NATS subjects (`*` one token, `>` the rest), Redis glob patterns,
 * regular expressions (Kafka), or equality.
 */
export function patternMatches(match: 'exact' | 'amqp' | 'nats' | 'glob' | 'regex', pattern: string, name: string): boolean {
  if (match === 'exact') return pattern === name;
  if (match === 'regex') {
    try {
      return new RegExp(`^(?:${pattern})$`).test(name);
    } catch {
      return false;
    }
  }
  if (match === 'glob') {
    const re = pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    return new RegExp(`^${re}$`).test(name);
  }
  const words = name.split('.');
  const parts = pattern.split('.');
  const rest = match === 'amqp' ? '#' : '>';
  const at = (i: number, j: number): boolean => {
    if (i === parts.length) return j === words.length;
    const p = parts[i]!;
    if (p === rest) return match === 'amqp' ? [...Array(words.length - j + 1).keys()].some((k) => at(i + 1, j + k)) : j < words.length && i === parts.length - 1;
    if (j === words.length) return false;
    return (p === '*' || p === words[j]) && at(i + 1, j + 1);
  };
  return at(0, 0);
}

/** True when a pattern has wildcards for its kind of matching. */
export function isWildcard(match: 'exact' | 'amqp' | 'nats' | 'glob' | 'regex', pattern: string): boolean {
  if (match === 'exact') return false;
  if (match === 'regex') return /[\\^$.*+?()[\]{}|]/.test(pattern.replace(/\\\./g, ''));
  if (match === 'glob') return /[*?[]/.test(pattern);
  return pattern.split('.').some((w) => w === '*' || w === '#' || w === '>');
}

export type { ChannelKind };
