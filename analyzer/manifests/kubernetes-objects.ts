import type { Diagnostic } from '../types/index.js';
import { asString, isRecord, parseYamlDocuments, type YamlLimits, type YamlPath } from './yaml-source.js';

/** A Kubernetes object with where it came from; kustomize and helm hand the same shape over. */
export interface K8sObject {
  value: Record<string, unknown>;
  file: string;
  library: 'kubernetes' | 'kustomize' | 'helm';
  lineAt(path: YamlPath): number | undefined;
}

/** Kinds read into the graph. */
export const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'DeploymentConfig', 'Rollout', 'ReplicationController']);
export const READ_KINDS = new Set([...WORKLOAD_KINDS, 'Service', 'ConfigMap', 'Secret', 'Ingress', 'HorizontalPodAutoscaler', 'HTTPRoute', 'GRPCRoute']);
/** Kinds that say nothing about the service graph; skipped without a diagnostic. */
export const QUIET_KINDS = new Set([
  'Namespace', 'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolumeClaim',
  'PersistentVolume', 'NetworkPolicy', 'PodDisruptionBudget', 'StorageClass', 'CustomResourceDefinition', 'LimitRange',
  'ResourceQuota', 'PriorityClass', 'IngressClass', 'Endpoints', 'EndpointSlice', 'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration', 'APIService', 'Kustomization', 'Component', 'Gateway', 'GatewayClass',
  'PodSecurityPolicy', 'VerticalPodAutoscaler', 'ServiceMonitor', 'PodMonitor', 'PrometheusRule', 'Certificate', 'Issuer', 'ClusterIssuer',
]);

export function isK8sObject(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && typeof value.apiVersion === 'string' && typeof value.kind === 'string';
}

/** Parses a YAML file into Kubernetes objects, unwrapping `List` kinds. Documents that are not objects are ignored. */
export function objectsFromYaml(text: string, file: string, library: K8sObject['library'], diagnostics: Diagnostic[], limits?: Partial<YamlLimits>): K8sObject[] {
  const out: K8sObject[] = [];
  for (const doc of parseYamlDocuments(text, file, diagnostics, limits)) {
    if (!isK8sObject(doc.value)) continue;
    const value = doc.value;
    if (asString(value.kind)?.endsWith('List') && Array.isArray(value.items)) {
      value.items.forEach((item, index) => {
        if (isK8sObject(item)) out.push({ value: item, file, library, lineAt: (p) => doc.lineAt(['items', index, ...p]) });
      });
      continue;
    }
    out.push({ value, file, library, lineAt: (p) => doc.lineAt(p) });
  }
  return out;
}

export function objectName(obj: K8sObject): string | undefined {
  return isRecord(obj.value.metadata) ? asString(obj.value.metadata.name) : undefined;
}

export function objectNamespace(obj: K8sObject): string {
  return (isRecord(obj.value.metadata) ? asString(obj.value.metadata.namespace) : undefined) ?? 'default';
}
