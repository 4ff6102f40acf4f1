// Prints the closing line `N passed, N failed` from vitest's JSON report and exits non-zero on any
// failure. Usage: node .ci/summary.mjs <vitest.json> <exit status of the test command> [failed check …]
// Each failed check named after the status (e.g. `lint`, `typecheck`) counts as one failure.
// Test files that crashed before their tests ran count as one failure each; a non-zero exit status
// with no failed test (setup, build, unhandled error) counts as one failure.
import { readFileSync } from 'node:fs';

const [file, statusText = '0', ...failedChecks] = process.argv.slice(2);
const status = Number(statusText);

let passed = 0;
let failed = 0;
let report = null;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  console.error(`ci: no vitest results at ${file} (${e.code ?? e.message}): setup, build or vitest did not finish`);
}

if (report) {
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  for (const suite of report.testResults ?? []) {
    const failedTests = (suite.assertionResults ?? []).filter((t) => t.status === 'failed').length;
    if (suite.status === 'failed' && failedTests === 0) {
      console.error(`ci: test file failed to run: ${suite.name}: ${String(suite.message ?? '').split('\n')[0]}`);
      failed += 1;
    }
  }
  if (report.success === false && failed === 0) {
    console.error('ci: vitest reported an error outside any test (unhandled error)');
    failed += 1;
  }
}
if ((status !== 0 || !report) && failed === 0) {
  if (report) console.error(`ci: the test command exited with status ${status}`);
  failed = 1;
}

for (const check of failedChecks) {
  console.error(`ci: ${check} failed (see its output above)`);
  failed += 1;
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
