import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/cli.js';

export interface CommitSpec {
  author: string;
  /** Defaults to `<first name, lower case>@example.com`. */
  email?: string;
  /** ISO date with time zone, e.g. `2024-05-01T12:00:00Z`. */
  date: string;
  /** Files to change: each gets a line appended (created when missing). */
  files: string[];
  message?: string;
}

/** A real git repository in a temp folder, with commits made at set dates by set authors. */
export class TestRepo {
  private count = 0;
  constructor(readonly dir: string) {
    this.git(['init', '-q', '-b', 'main']);
  }

  /** A repository holding a copy of `fixture` (nothing committed yet). */
  static from(fixture: string): TestRepo {
    const dir = tempDir('archreview-score-');
    cpSync(fixture, dir, { recursive: true });
    return new TestRepo(dir);
  }

  static empty(): TestRepo {
    return new TestRepo(tempDir('archreview-score-'));
  }

  /** Commits every file in the folder as it is (an initial import). */
  importAll(author: string, date: string): void {
    this.git(['add', '-A']);
    this.commitStaged(author, `${author.split(' ')[0]!.toLowerCase()}@example.com`, date, 'import');
  }

  commit(spec: CommitSpec): void {
    for (const file of spec.files) {
      const full = path.join(this.dir, file);
      mkdirSync(path.dirname(full), { recursive: true });
      appendFileSync(full, `// change ${++this.count}\n`);
    }
    this.git(['add', '-A']);
    this.commitStaged(spec.author, spec.email ?? `${spec.author.split(' ')[0]!.toLowerCase()}@example.com`, spec.date, spec.message ?? `change ${this.count}`);
  }

  write(file: string, text: string): void {
    const full = path.join(this.dir, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }

  /** A lightweight tag (dated by its commit) or, with `date`, an annotated tag made at that date. */
  tag(name: string, date?: string): void {
    if (date) this.git(['-c', 'user.name=Release Bot', '-c', 'user.email=release@example.com', 'tag', '-a', name, '-m', name], { GIT_COMMITTER_DATE: date });
    else this.git(['tag', name]);
  }

  git(args: string[], env: Record<string, string> = {}): string {
    const clean: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) clean[k] = v;
    return execFileSync('git', ['-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], {
      cwd: this.dir,
      env: { ...clean, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  private commitStaged(author: string, email: string, date: string, message: string): void {
    this.git(['-c', `user.name=${author}`, '-c', `user.email=${email}`, 'commit', '-q', '--allow-empty', '-m', message], { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
  }
}

/** `2024-06-30T12:00:00Z` minus `days`. */
export function daysBefore(iso: string, days: number): string {
  return new Date(Date.parse(iso) - days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
