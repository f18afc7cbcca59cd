import type { Detector } from '../detector.js';
import { fastifyDetector } from './fastify.js';
import { hapiDetector } from './hapi.js';
import { honoDetector } from './hono.js';
import { koaDetector } from './koa.js';
import { nestjsDetector } from './nestjs.js';
import { nextjsDetector } from './nextjs.js';

/** HTTP servers and message handlers beyond express: routes, plugin and router prefixes. */
export const SERVER_DETECTORS: readonly Detector[] = [fastifyDetector, koaDetector, hapiDetector, honoDetector, nestjsDetector, nextjsDetector];
