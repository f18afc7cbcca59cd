import type { Report } from '../../../analyzer/types/report.js';

/** The viewer's only contract with the analyzer: the Report type and the shapes inside it. */
export type { Report };
export type Service = Report['services'][number];
export type Endpoint = Service['endpoints'][number];
export type Datastore = Report['datastores'][number];
export type Channel = Report['channels'][number];
export type Edge = Report['edges'][number];
export type EdgeKind = Edge['kind'];
export type Finding = Report['findings'][number];
export type Severity = Finding['severity'];
export type Score = Report['score'];
