import { CACHE_DIR_HELP, CACHE_HELP } from './cache-option.js';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '../config/load-config.js';
import { CHECK_FORMAT_NAMES } from '../report/check-reporters.js';
import { FORMAT_NAMES } from '../report/index.js';
import { packageRoot, toolVersion } from '../version.js';
import { runAnalyze, type AnalyzeCommandOptions } from './analyze-command.js';
import { DEFAULT_BASELINE, runBaseline, type BaselineCommandOptions } from './baseline-command.js';
import { runCheck, type CheckCommandOptions } from './check-command.js';
import { runInit } from './init-command.js';
import { runRulesCommand } from './rules-command.js';
import { UsageError } from './usage-error.js';
import { runView, type ViewCommandOptions } from './view-command.js';

/** Builds the commander program; `run` returns the exit code instead of exiting, for tests. */
export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command();
  program
    .name('archreview')
    .description('Review the architecture of a service-based system: service graph, boundary smells, split-or-stay signals.')
    .version(toolVersion(), '-v, --version')
    .showHelpAfterError('(run archreview --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(oneLine(text)) });

  program
    .command('analyze [path]', { isDefault: true })
    .description('analyze a repository (default command)')
    .option('-o, --out <dir>', 'output folder', './archreview-report')
    .option('-f, --format <list>', `comma-separated formats: ${FORMAT_NAMES.join(', ')}`, 'json,md,html,text')
    .option('-c, --config <file>', 'config file (default: archreview.yaml in the analyzed folder)')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when findings at or above this severity exist').choices(['info', 'warn', 'error', 'never']))
    .option('-q, --quiet', 'print nothing but errors')
    .option('--no-color', 'no colours in terminal output')
    .option('--cache', CACHE_HELP)
    .option('--cache-dir <dir>', CACHE_DIR_HELP)
    .action(async (path: string | undefined, options: AnalyzeCommandOptions) => setExit(await runAnalyze(path ?? '.', options)));

  program
    .command('demo')
    .description('analyze the sample shop bundled with archreview, to see a whole review before pointing it at your repository')
    .option('-o, --out <dir>', 'output folder', './archreview-demo')
    .option('-f, --format <list>', `comma-separated formats: ${FORMAT_NAMES.join(', ')}`, 'json,md,html,text')
    .option('-q, --quiet', 'print nothing but errors')
    .option('--no-color', 'no colours in terminal output')
    .action(async (options: AnalyzeCommandOptions) => setExit(await runAnalyze(path.join(packageRoot(), 'sample-system'), { ...options, failOn: 'never' })));

  program
    .command('init [path]')
    .description('write a commented archreview.yaml')
    .option('--force', 'overwrite an existing archreview.yaml')
    .action((path: string | undefined, options: { force?: boolean }) => setExit(runInit(path ?? '.', options)));

  program
    .command('view [path]')
    .description('serve the interactive report for a folder or a saved archreview.json on 127.0.0.1')
    .option('-c, --config <file>', 'config file (default: archreview.yaml in the analyzed folder)')
    .option('-p, --port <number>', 'port on 127.0.0.1 (default: a free one)')
    .option('--no-open', 'print the URL without opening a browser')
    .action(async (path: string | undefined, options: ViewCommandOptions) => setExit(await runView(path ?? '.', options)));

  program
    .command('rules')
    .description('list the rule catalog')
    .option('-f, --format <format>', 'text or json', 'text')
    .action((options: { format: string }) => setExit(runRulesCommand(options)));

  program
    .command('baseline [path]')
    .description('write the current findings as the baseline that archreview check compares against')
    .option('-o, --out <file>', 'baseline file', DEFAULT_BASELINE)
    .option('-c, --config <file>', 'config file (default: archreview.yaml in the analyzed folder)')
    .option('-q, --quiet', 'print nothing but errors')
    .option('--cache', CACHE_HELP)
    .option('--cache-dir <dir>', CACHE_DIR_HELP)
    .action(async (path: string | undefined, options: BaselineCommandOptions) => setExit(await runBaseline(path ?? '.', options)));

  program
    .command('check [path]')
    .description('fail only on findings the baseline does not hold (for CI)')
    .option('-b, --baseline <file>', 'baseline file written by archreview baseline', DEFAULT_BASELINE)
    .addOption(new Option('--fail-on <severity>', 'exit 1 when new findings at or above this severity exist (default error, or failOn in the config)').choices(['info', 'warn', 'error', 'never']))
    .option('--strict-baseline', 'also exit 1 when baseline entries are fixed, so the baseline ratchets down')
    .option('--update-baseline', 'rewrite the baseline without its fixed entries')
    .option('--since <git-ref>', 'only findings whose evidence touches files changed since this ref (merge base with HEAD)')
    .option('-f, --format <list>', `comma-separated formats: ${CHECK_FORMAT_NAMES.join(', ')}`, 'text')
    .option('-o, --out <dir>', 'output folder for json, md and sarif', './archreview-report')
    .option('-c, --config <file>', 'config file (default: archreview.yaml in the analyzed folder)')
    .option('-q, --quiet', 'print nothing but errors')
    .option('--no-color', 'no colours in terminal output')
    .option('--cache', CACHE_HELP)
    .option('--cache-dir <dir>', CACHE_DIR_HELP)
    .action(async (path: string | undefined, options: CheckCommandOptions) => setExit(await runCheck(path ?? '.', options)));

  for (const command of program.commands) command.exitOverride().configureOutput({ outputError: (text, write) => write(oneLine(text)) });
  return program;
}

function oneLine(text: string): string {
  const first = text.trim().split('\n')[0] ?? text;
  return `archreview: ${first.replace(/^error:\s*/i, '')}\n`;
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`archreview: ${error.message}\n`);
      return 2;
    }
    const detail = error instanceof Error ? (process.env.ARCHREVIEW_DEBUG ? (error.stack ?? error.message) : error.message) : String(error);
    process.stderr.write(`archreview: internal error: ${detail}\n(set ARCHREVIEW_DEBUG=1 for the stack trace, and please report it)\n`);
    return 2;
  }
}
