import type { HttpCallFact, SymString, Timeout } from './code-facts.js';
import type { Location } from './common.js';
import type { MessagingLinks } from './messaging-links.js';
import type { DataAccessLinks } from './data-links.js';
import type { QualityLinks } from './quality-links.js';

/**
 * What the resolve stage learned by linking code facts: each outbound call with the node it
 * reaches, and each endpoint with the calls its handling makes. Rules read these beside the
 * graph; the Report shows them through edges (`endpoints`) and service endpoints.
 */
export interface LinkedCall {
  /** `file:line:library`, unique per call site. */
  id: string;
  /** Node id of the calling service. */
  service: string;
  /** Node id the call reaches, or null when its address could not be resolved. */
  target: string | null;
  protocol: HttpCallFact['protocol'];
  library: string;
  method: string | null;
  /** URL after parameters were filled in from the call path, when they could be. */
  url: SymString;
  location: Location;
  timeout: Timeout;
  retry: HttpCallFact['retry'];
  /** A circuit breaker on every path that reaches the call (per path: `EndpointCall.breaker`). */
  breaker: { library: string; timeoutMs: number | null } | null;
  /** The host is written in the code instead of coming from configuration. */
  hardcoded: boolean;
  /** Environment variables the address came from. */
  via: string[];
  /** An address variable the code reads that no manifest of the service sets. */
  undeclaredEnv: string | null;
}

/** How one endpoint's handling reaches a call: through a loop, behind a breaker. */
export interface EndpointCall {
  call: string;
  inLoop: boolean;
  breaker: { library: string; timeoutMs: number | null } | null;
  retry: HttpCallFact['retry'];
  /**
   * How long the caller waits at most on this path: the tightest of the call's own timeout, its
   * breaker's timeout and timeout policies around it (`from` says which). A library default
   * counts only as `library-default`.
   */
  timeout: Timeout;
}

export interface LinkedEndpoint {
  service: string;
  /** `METHOD /full/path`. */
  key: string;
  method: string;
  path: string;
  location: Location;
  mutating: boolean;
  library: string;
  calls: EndpointCall[];
}

/** Code outside every service folder that several services import (a workspace package, a `libs/` folder). */
export interface SharedLibrary {
  /** Package name, or the folder when it is not a package. */
  name: string;
  dir: string;
  /** Node ids of the services whose code imports it. */
  services: string[];
  /** Its files that run in more than one service. */
  files: number;
}

export interface CodeLinks {
  calls: LinkedCall[];
  /** Shared libraries and the services using them. */
  libraries?: SharedLibrary[];
  endpoints: LinkedEndpoint[];
  /** Calls reached from no endpoint (consumers, jobs, start-up), with their path context. */
  backgroundCalls: EndpointCall[];
  /** Publishes and consumers with their channels (`link-messaging.ts`). */
  messages?: MessagingLinks;
  /** Idempotency and validation per endpoint; tracing, logging, health endpoints and rate limiting per service (`link-quality.ts`). */
  quality?: QualityLinks;
  /** Connections, queries, ORM calls and cache commands with their datastores and tables, per endpoint (`link-data.ts`). */
  dataAccess?: DataAccessLinks;
}
