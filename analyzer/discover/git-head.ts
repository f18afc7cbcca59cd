import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The commit HEAD points at, read from .git files directly (no git process, so nothing in
 * the analyzed repository's git config can run). Null when the root is not a work tree.
 */
export function gitHead(root: string): string | null {
  const gitDir = findGitDir(root);
  if (!gitDir) return null;
  try {
    const head = readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim();
    if (/^[0-9a-f]{40,64}$/.test(head)) return head;
    const ref = /^ref:\s*(\S+)$/.exec(head)?.[1];
    if (!ref || ref.includes('..')) return null;
    const common = commonDir(gitDir);
    for (const dir of [gitDir, common]) {
      const loose = path.join(dir, ref);
      if (existsSync(loose)) {
        const sha = readFileSync(loose, 'utf8').trim();
        if (/^[0-9a-f]{40,64}$/.test(sha)) return sha;
      }
    }
    const packed = path.join(common, 'packed-refs');
    if (existsSync(packed)) {
      for (const line of readFileSync(packed, 'utf8').split('\n')) {
        const [sha, name] = line.trim().split(' ');
        if (name === ref && sha && /^[0-9a-f]{40,64}$/.test(sha)) return sha;
      }
    }
  } catch {
    return null;
  }
  return null;
}

function findGitDir(root: string): string | null {
  let dir = path.resolve(root);
  for (;;) {
    const candidate = path.join(dir, '.git');
    if (existsSync(candidate)) {
      const stat = statSync(candidate);
      if (stat.isDirectory()) return candidate;
      const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(candidate, 'utf8'))?.[1]?.trim();
      return pointer ? path.resolve(dir, pointer) : null;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function commonDir(gitDir: string): string {
  const file = path.join(gitDir, 'commondir');
  return existsSync(file) ? path.resolve(gitDir, readFileSync(file, 'utf8').trim()) : gitDir;
}
