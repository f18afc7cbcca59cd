/**
 * Kubernetes dependent environment variables: `$(NAME)` expands to an earlier variable of
 * the same container; `$$(NAME)` stays literal; an unknown name stays as written.
 */
export function expandDependentVars(value: string, lookup: (name: string) => string | undefined): string {
  return value.replace(/\$\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, escaped: string | undefined, name: string | undefined) => {
    if (escaped) return `$(${escaped})`;
    const found = name ? lookup(name) : undefined;
    return found ?? match;
  });
}
