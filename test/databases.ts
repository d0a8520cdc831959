// Test databases: a migrated PostgreSQL template copied per test file, a MySQL database per file
// (created and dropped with the CLI's own functions in cli/bootstrap/prepare-stores.ts).

/** One template per suite run, so two checkouts can run their suites on one machine at once. */
export function templateDatabase(): string {
  const name = process.env.SPOTLAKE_TEST_TEMPLATE;
  if (name === undefined) {
    throw new Error(
      'SPOTLAKE_TEST_TEMPLATE is unset: run the tests through jest (test/global-setup.ts)',
    );
  }
  return name;
}
