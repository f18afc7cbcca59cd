import type { ExpansionBudget } from './interpolate.js';

/**
 * Kubernetes dependent environment variables: `$(NAME)` expands to an earlier variable of
 * the same container; `$$(NAME)` stays literal; an unknown name stays as written, and so
 * does a name whose value no longer fits the file's `budget`.
 */
export function expandDependentVars(value: string, lookup: (name: string) => string | undefined, budget?: ExpansionBudget): string {
  return value.replace(/\$\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, escaped: string | undefined, name: string | undefined) => {
    if (escaped) return `$(${escaped})`;
    const found = name ? lookup(name) : undefined;
    if (found === undefined) return match;
    return (budget ? budget.take(found) : found) ?? match;
  });
}
