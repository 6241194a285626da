#!/usr/bin/env node
// Sums the vitest JSON reports (packages/*, apps/*, tests/*, bench: test-results.json) and
// prints one final line: `tests: N passed, M failed, K skipped`.
// Usage: node scripts/summarize-tests.mjs [exit status of the test run]
// Exits non-zero when that status is non-zero, a report shows a failure, or no test ran.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const runStatus = Number(process.argv[2] ?? 0);

const packageDirs = ["packages", "apps", "tests"].flatMap((parent) => {
  const dir = join(root, parent);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(dir, entry.name));
});
// Workspace packages that sit at the root rather than under a folder of packages.
packageDirs.push(join(root, "bench"));

const totals = { passed: 0, failed: 0, skipped: 0, failedFiles: 0 };
let problems = 0;
for (const dir of packageDirs) {
  const reportFile = join(dir, "test-results.json");
  const name = relative(root, dir);
  if (!existsSync(reportFile)) {
    const manifest = join(dir, "package.json");
    const scripts = existsSync(manifest) ? JSON.parse(readFileSync(manifest, "utf8")).scripts : {};
    if (scripts?.test) console.log(`summarize-tests: ${name}: no test-results.json (not counted)`);
    continue;
  }
  try {
    const report = JSON.parse(readFileSync(reportFile, "utf8"));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
    // a file that fails to load has no failed test, only a failed file
    const failedFiles = report.testResults.filter((file) => file.status === "failed").length;
    totals.failedFiles += failedFiles;
    if (failedFiles > 0 && report.numFailedTests === 0) {
      console.log(`summarize-tests: ${name}: ${failedFiles} test file(s) failed outside any test`);
    }
  } catch (error) {
    console.log(`summarize-tests: ${name}: unreadable test-results.json (${error.message})`);
    problems++;
  }
}

if (runStatus !== 0) console.log(`summarize-tests: the test run exited with status ${runStatus}`);
if (totals.passed + totals.failed === 0) console.log("summarize-tests: no test ran");
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);

const ok =
  runStatus === 0 &&
  problems === 0 &&
  totals.failed === 0 &&
  totals.failedFiles === 0 &&
  totals.passed + totals.failed > 0;
process.exit(ok ? 0 : 1);
