import type { MultiDirectedGraph } from 'graphology';
import type { Channel, Datastore, Edge, Service } from './report.js';

/**
 * The service graph: a graphology MultiDirectedGraph keyed by node id (`service:orders`,
 * `datastore:postgres:orders-db/orders`, `channel:rabbitmq:order.created`, ...) and edge id.
 * Node attributes carry the same records the Report lists, so serialising is a read.
 */
export type GraphNode =
  | { kind: 'service' | 'gateway' | 'external'; service: Service }
  | { kind: 'datastore'; datastore: Datastore }
  | { kind: 'channel'; channel: Channel };

export type NodeKind = GraphNode['kind'];

export type ServiceGraph = MultiDirectedGraph<GraphNode, Edge>;

/** Edge kinds that are synchronous calls between services. */
export const SYNC_EDGE_KINDS = new Set<Edge['kind']>(['http', 'grpc']);
/** Edge kinds that go through a broker. */
export const ASYNC_EDGE_KINDS = new Set<Edge['kind']>(['publishes', 'consumes']);
/** Edge kinds between a service and a datastore. */
export const DATA_EDGE_KINDS = new Set<Edge['kind']>(['reads', 'writes', 'connects']);
