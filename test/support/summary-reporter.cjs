// Prints one closing line CI can read ("jest: N passed, N failed, N skipped") and fails the run
// when any test was skipped or left as todo: a skipped test is a failing test here.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    console.log(
      `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`,
    );
    if (skipped > 0) {
      console.log('jest: skipped or todo tests count as failures');
      process.exitCode = 1;
    }
  }
}
module.exports = SummaryReporter;
