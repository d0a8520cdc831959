// Prints the one closing line CI reads, `N passed, N failed`, and writes it to .test-summary.
const { writeFileSync } = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failedSuites = results.numFailedTestSuites + results.numRuntimeErrorTestSuites;
    const failed = results.numFailedTests + (results.numFailedTests === 0 ? failedSuites : 0);
    const line = `${results.numPassedTests} passed, ${failed} failed`;
    writeFileSync('.test-summary', `${line}\n`);
    process.stdout.write(`\n${line}\n`);
  }
}

module.exports = SummaryReporter;
