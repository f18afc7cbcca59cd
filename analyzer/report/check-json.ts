import type { CheckReporter } from './check-reporters.js';

/** `check.json`: the check result for other tools: new, known and fixed, with the decision. */
export const checkJsonReporter: CheckReporter = (result) => {
  const { report, comparison } = result;
  const data = {
    schemaVersion: 1,
    tool: report.tool,
    root: report.root,
    commit: report.generatedFrom.commit,
    baseline: result.baselineFile,
    failOn: result.failOn,
    since: result.since,
    strictBaseline: result.strictBaseline,
    updated: result.updated,
    failed: result.failed,
    counts: { new: comparison.added.length, failing: result.failing.length, known: comparison.known.length, suppressed: comparison.suppressed.length, fixed: comparison.fixed.length },
    new: comparison.added,
    known: comparison.known,
    fixed: comparison.fixed,
  };
  return { file: { name: 'check.json', content: `${JSON.stringify(data, null, 2)}\n` } };
};
