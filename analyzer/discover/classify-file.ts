import path from 'node:path';

export type FileCategory =
  | 'compose'
  | 'yaml'
  | 'kustomization'
  | 'helm-chart'
  | 'helm-values'
  | 'helm-template'
  | 'dockerfile'
  | 'env'
  | 'nginx'
  | 'source'
  | 'package-json'
  | 'codeowners'
  | 'other';

const SOURCE_LANGUAGES: Record<string, string> = {
  '.ts': 'TypeScript',
  '.tsx': 'TypeScript',
  '.mts': 'TypeScript',
  '.cts': 'TypeScript',
  '.js': 'JavaScript',
  '.jsx': 'JavaScript',
  '.mjs': 'JavaScript',
  '.cjs': 'JavaScript',
  '.go': 'Go',
  '.py': 'Python',
  '.java': 'Java',
  '.kt': 'Kotlin',
  '.scala': 'Scala',
  '.cs': 'C#',
  '.rb': 'Ruby',
  '.php': 'PHP',
  '.rs': 'Rust',
  '.ex': 'Elixir',
  '.exs': 'Elixir',
  '.swift': 'Swift',
  '.c': 'C',
  '.cc': 'C++',
  '.cpp': 'C++',
};

/** Language of a source file by its extension, or null. */
export function sourceLanguage(file: string): string | null {
  if (file.endsWith('.d.ts')) return null;
  return SOURCE_LANGUAGES[path.posix.extname(file).toLowerCase()] ?? null;
}

const COMPOSE_NAME = /^(docker-)?compose(\.[\w-]+)*\.ya?ml$/i;
const KUSTOMIZATION_NAME = /^(kustomization\.ya?ml|Kustomization)$/;

/**
 * Classifies a file by its path. `chartRoots` are folders holding a Chart.yaml: files in
 * their templates/ folder are Go templates, not YAML, and go to the helm reader.
 */
export function classifyFile(relPath: string, chartRoots: ReadonlySet<string>): FileCategory {
  const base = path.posix.basename(relPath);
  const lower = base.toLowerCase();
  const chart = chartRootOf(relPath, chartRoots);
  if (chart !== null) {
    const inner = relPath.slice(chart.length ? chart.length + 1 : 0);
    if (inner === 'Chart.yaml' || inner === 'Chart.yml') return 'helm-chart';
    if (inner === 'values.yaml' || inner === 'values.yml') return 'helm-values';
    if (inner.startsWith('templates/')) return 'helm-template';
    if (inner.startsWith('charts/')) return 'other';
  }
  if (COMPOSE_NAME.test(base)) return 'compose';
  if (KUSTOMIZATION_NAME.test(base)) return 'kustomization';
  if (lower === 'dockerfile' || lower.startsWith('dockerfile.') || lower.endsWith('.dockerfile')) return 'dockerfile';
  if (lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env')) return 'env';
  if (lower === 'package.json') return 'package-json';
  if (lower === 'codeowners') return 'codeowners';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower === 'nginx.conf' || (lower.endsWith('.conf') && /(^|\/)(nginx|conf\.d|sites-(available|enabled))(\/|$)/i.test(relPath))) {
    return 'nginx';
  }
  if (lower.endsWith('.conf.template') && /nginx/i.test(relPath)) return 'nginx';
  if (sourceLanguage(relPath)) return 'source';
  return 'other';
}

function chartRootOf(relPath: string, chartRoots: ReadonlySet<string>): string | null {
  let dir = path.posix.dirname(relPath);
  for (;;) {
    const key = dir === '.' ? '' : dir;
    if (chartRoots.has(key)) return key;
    if (dir === '.' || dir === '/' || dir === '') return null;
    dir = path.posix.dirname(dir);
  }
}

const TEST_SEGMENT = /(^|\/)(__tests__|__mocks__|tests?|spec|specs|e2e|testdata|fixtures)(\/|$)/i;
const TEST_FILE = /(\.(test|spec|e2e)\.[cm]?[jt]sx?$|_test\.go$|(^|\/)test_[^/]*\.py$|_test\.py$|Tests?\.(java|kt|cs)$)/;
const GENERATED_FILE = /(\.pb\.go$|_pb2(_grpc)?\.py$|\.generated\.|\.gen\.|\.min\.js$|(^|\/)generated\/|_grpc_pb\.[jt]s$|_pb\.[jt]s$)/;

/** Tests, generated code and minified bundles do not count as a service's lines of code. */
export function isTestOrGenerated(relPath: string): boolean {
  return TEST_SEGMENT.test(relPath) || TEST_FILE.test(relPath) || GENERATED_FILE.test(relPath);
}
