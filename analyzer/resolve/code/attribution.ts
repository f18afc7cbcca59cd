import path from 'node:path';
import type { CodeFileFact } from '../../types/index.js';
import type { ModuleResolver } from './module-resolver.js';

/**
 * Which services each code file runs in. A file belongs to the service whose source folder
 * holds it (the deepest one). Code outside every service folder (shared libraries,
 * workspace packages) runs in each service that imports it, directly or through other
 * library files. Browser code is attributed too, but makes no edges (the caller decides).
 */
export function attributeFiles(codeFiles: readonly CodeFileFact[], servicePaths: Map<string, string>, resolver: ModuleResolver): Map<string, string[]> {
  const byDir = new Map<string, string[]>();
  for (const [service, dir] of servicePaths) {
    const key = dir === '.' ? '' : dir;
    byDir.set(key, [...(byDir.get(key) ?? []), service]);
  }
  const ownersOf = (file: string): string[] => {
    let dir = path.posix.dirname(file);
    for (;;) {
      const key = dir === '.' ? '' : dir;
      const owners = byDir.get(key);
      if (owners) return owners;
      if (key === '') return [];
      dir = path.posix.dirname(dir);
    }
  };
  const imports = new Map(codeFiles.map((f) => [f.file, f.imports.map((s) => resolver.resolve(f.file, s)).filter((x): x is string => x !== null)]));
  const result = new Map<string, Set<string>>();
  const add = (file: string, service: string): void => {
    const set = result.get(file) ?? new Set<string>();
    set.add(service);
    result.set(file, set);
  };
  const own = new Map<string, string[]>();
  for (const f of codeFiles) {
    for (const service of ownersOf(f.file)) {
      add(f.file, service);
      const list = own.get(service) ?? [];
      list.push(f.file);
      own.set(service, list);
    }
  }
  // Library files: walk imports from each service's own files into files owned by nobody.
  for (const service of servicePaths.keys()) {
    const queue = [...(own.get(service) ?? [])];
    const seen = new Set(queue);
    while (queue.length) {
      const file = queue.pop()!;
      for (const next of imports.get(file) ?? []) {
        if (seen.has(next)) continue;
        seen.add(next);
        if (ownersOf(next).length === 0) {
          add(next, service);
          queue.push(next);
        }
      }
    }
  }
  return new Map([...result].map(([file, services]) => [file, [...services].sort()]));
}
