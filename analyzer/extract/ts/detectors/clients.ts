import type { Detector } from '../detector.js';
import { asyncRetryDetector } from './async-retry.js';
import { cockatielDetector } from './cockatiel.js';
import { gotDetector } from './got.js';
import { grpcDetector } from './grpc.js';
import { instanceCallsDetector } from './instance-calls.js';
import { kyDetector } from './ky.js';
import { nestjsClientDetector } from './nestjs-client.js';
import { nestjsHttpDetector } from './nestjs-http.js';
import { nodeHttpDetector } from './node-http.js';
import { pRetryDetector } from './p-retry.js';
import { requestDetector } from './request.js';
import { superagentDetector } from './superagent.js';

/**
 * Outbound synchronous clients and the resilience libraries around them (axios, fetch and
 * opossum are registered on their own in `index.ts`). axios-retry is read by the axios detector.
 */
export const CLIENT_DETECTORS: readonly Detector[] = [
  gotDetector,
  kyDetector,
  nodeHttpDetector,
  requestDetector,
  superagentDetector,
  grpcDetector,
  nestjsClientDetector,
  nestjsHttpDetector,
  cockatielDetector,
  pRetryDetector,
  asyncRetryDetector,
  instanceCallsDetector,
];
