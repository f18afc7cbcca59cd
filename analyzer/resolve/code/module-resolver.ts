import path from 'node:path';

export interface ModuleResolverInput {
  /** Every parsed code file (root-relative). */
  codeFiles: ReadonlySet<string>;
  pathAliases: readonly { dir: string; pattern: string; targets: string[] }[];
  packageDirs: ReadonlyMap<string, string>;
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const JS_TO_TS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

/**
 * Resolves import specifiers to this repository's files without node_modules: relative
 * paths (a `.js` specifier finds its `.ts` source), tsconfig `paths` aliases, and workspace
 * packages by name. Returns null for third-party packages and anything not found.
 */
export class ModuleResolver {
  private readonly cache = new Map<string, string | null>();
  constructor(private readonly input: ModuleResolverInput) {}

  resolve(fromFile: string, specifier: string): string | null {
    const key = `${path.posix.dirname(fromFile)}|${specifier}`;
    if (this.cache.has(key)) return this.cache.get(key) ?? null;
    const result = this.find(fromFile, specifier);
    this.cache.set(key, result);
    return result;
  }

  private find(fromFile: string, specifier: string): string | null {
    if (specifier.startsWith('.')) return this.probe(path.posix.join(path.posix.dirname(fromFile), specifier));
    for (const alias of this.input.pathAliases) {
      const star = alias.pattern.indexOf('*');
      const prefix = star >= 0 ? alias.pattern.slice(0, star) : alias.pattern;
      if (star >= 0 ? !specifier.startsWith(prefix) : specifier !== alias.pattern) continue;
      const rest = star >= 0 ? specifier.slice(prefix.length) : '';
      for (const target of alias.targets) {
        const found = this.probe(path.posix.join(alias.dir, target.replace('*', rest)));
        if (found) return found;
      }
    }
    const parts = specifier.split('/');
    const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
    const dir = this.input.packageDirs.get(name);
    if (dir === undefined) return null;
    const sub = specifier.slice(name.length).replace(/^\//, '');
    const bases = sub ? [path.posix.join(dir, sub), path.posix.join(dir, 'src', sub)] : [path.posix.join(dir, 'src/index'), path.posix.join(dir, 'index'), path.posix.join(dir, 'lib/index'), path.posix.join(dir, 'src/main')];
    for (const base of bases) {
      const found = this.probe(base);
      if (found) return found;
    }
    return null;
  }

  private probe(raw: string): string | null {
    const base = path.posix.normalize(raw).replace(/^\.\//, '');
    const has = (f: string): boolean => this.input.codeFiles.has(f);
    if (has(base)) return base;
    const ext = path.posix.extname(base);
    for (const alt of JS_TO_TS[ext] ?? []) {
      const candidate = base.slice(0, -ext.length) + alt;
      if (has(candidate)) return candidate;
    }
    for (const e of EXTENSIONS) if (has(base + e)) return base + e;
    for (const e of EXTENSIONS) if (has(`${base}/index${e}`)) return `${base}/index${e}`;
    return null;
  }
}
