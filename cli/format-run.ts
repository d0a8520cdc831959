// Renders a run from the ledger as text for the terminal: the run line, rows per table and
// stage, checks, and errors to read first.

import type { RunReport } from '../shared/ledger/run-report';

function pad(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths?.[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

function text(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return value === null || value === undefined ? '' : (JSON.stringify(value) ?? '');
}

export function formatRun(run: RunReport): string[] {
  const lines = [
    `run ${run.run_id}  ${run.status.toUpperCase()}  (${text(run.pipeline)}, ${text(run.partition_date)})`,
  ];
  if (run.error !== null) {
    lines.push(`  error: ${run.error}`);
  }
  const table = [['table', 'stage', 'parts done', 'rows out', 'ms']];
  for (const count of run.counts) {
    table.push([
      text(count.table_name),
      text(count.stage),
      `${text(count.completed)}/${text(count.parts)}`,
      text(count.rows_out),
      text(count.ms),
    ]);
  }
  if (table.length > 1) {
    lines.push('', ...pad(table).map((line) => `  ${line}`));
  }
  const passed = run.checks.filter((check) => check.passed === true).length;
  lines.push('', `  checks: ${passed} passed, ${run.checks.length - passed} failed`);
  for (const check of run.checks.filter((c) => c.passed !== true)) {
    lines.push(`    ${text(check.table_name)} ${text(check.check_name)}: ${text(check.detail)}`);
  }
  for (const error of run.errors) {
    lines.push(
      `  ${error.table} ${error.stage} part ${error.part} (${error.status}): ${error.error}`,
    );
  }
  return lines;
}
