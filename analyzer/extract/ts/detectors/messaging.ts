import type { Detector } from '../detector.js';
import { amqplibDetector } from './amqplib.js';
import { awsMessagingDetector } from './aws-messaging.js';
import { bullmqDetector } from './bullmq.js';
import { googlePubSubDetector } from './google-pubsub.js';
import { kafkajsDetector } from './kafkajs.js';
import { messageDedupeDetector } from './message-dedupe.js';
import { messageSchemasDetector } from './message-schemas.js';
import { natsDetector } from './nats.js';
import { nestjsMicroservicesDetector } from './nestjs-microservices.js';
import { payloadValidationDetector } from './payload-validation.js';
import { redisPubSubDetector } from './redis-pubsub.js';

/** Messaging: brokers' clients, payload schemas and their use, consumers' dedupe. */
export const MESSAGING_DETECTORS: readonly Detector[] = [
  amqplibDetector,
  kafkajsDetector,
  natsDetector,
  bullmqDetector,
  redisPubSubDetector,
  awsMessagingDetector,
  googlePubSubDetector,
  nestjsMicroservicesDetector,
  messageSchemasDetector,
  payloadValidationDetector,
  messageDedupeDetector,
];
