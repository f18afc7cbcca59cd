import { randomUUID } from 'node:crypto';
import { SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
import { env } from './config.js';

export const SERVICE_NAME = 'api-gateway';

/** JSON logs on stdout; the cluster's log shipper adds pod and namespace labels. */
export const logger = pino({
  name: SERVICE_NAME,
  level: env.LOG_LEVEL,
  redact: ['req.headers.authorization', 'req.headers.cookie'],
});

export const httpLogger = pinoHttp({
  logger,
  genReqId: (req, res) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && incoming.length > 0 ? incoming : randomUUID();
    res.setHeader('x-request-id', id);
    return id;
  },
});

/**
 * The OpenTelemetry SDK is injected by the platform (see the `instrumentation.opentelemetry.io`
 * annotation in k8s/); the code only depends on the API, which is a no-op when no SDK is loaded.
 */
export const tracer = trace.getTracer(SERVICE_NAME);

export async function inSpan<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  });
}
