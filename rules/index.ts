import type { AnyRule } from '../analyzer/types/index.js';
import chattyCalls from './chatty-calls.js';
import distributedTransaction from './distributed-transaction.js';
import excessiveTimeout from './excessive-timeout.js';
import foreignDataAccess from './foreign-data-access.js';
import hardcodedEndpoint from './hardcoded-endpoint.js';
import missingCircuitBreaker from './missing-circuit-breaker.js';
import missingHealthCheck from './missing-health-check.js';
import missingIdempotencyKey from './missing-idempotency-key.js';
import missingProbes from './missing-probes.js';
import missingResourceLimits from './missing-resource-limits.js';
import missingTimeout from './missing-timeout.js';
import missingTracing from './missing-tracing.js';
import noApiGateway from './no-api-gateway.js';
import perItemRemoteCall from './per-item-remote-call.js';
import plaintextSecret from './plaintext-secret.js';
import retryWithoutBackoff from './retry-without-backoff.js';
import serviceCycle from './service-cycle.js';
import sharedDatabase from './shared-database.js';
import sharedInstance from './shared-instance.js';
import sharedLibrary from './shared-library.js';
import singleReplica from './single-replica.js';
import syncChainDepth from './sync-chain-depth.js';
import syncFanOut from './sync-fan-out.js';
import undeclaredDependency from './undeclared-dependency.js';
import unstructuredLogging from './unstructured-logging.js';
import untypedEvents from './untyped-events.js';
import unusedDependency from './unused-dependency.js';

/** The catalog, sorted by id. */
export const RULES: readonly AnyRule[] = [
  chattyCalls,
  distributedTransaction,
  excessiveTimeout,
  foreignDataAccess,
  hardcodedEndpoint,
  missingCircuitBreaker,
  missingHealthCheck,
  missingIdempotencyKey,
  missingProbes,
  missingResourceLimits,
  missingTimeout,
  missingTracing,
  noApiGateway,
  perItemRemoteCall,
  plaintextSecret,
  retryWithoutBackoff,
  serviceCycle,
  sharedDatabase,
  sharedInstance,
  sharedLibrary,
  singleReplica,
  syncChainDepth,
  syncFanOut,
  undeclaredDependency,
  unstructuredLogging,
  untypedEvents,
  unusedDependency,
];
