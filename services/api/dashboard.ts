// The dashboards: recent runs with their stages, and what the warehouse holds. Plain server-rendered
// HTML from the ledger and the analytics schema; every value is escaped.

import type pg from 'pg';
import { loadQuery } from '../../shared/sql/load-sql';
import { escapeHtml, renderPage } from './html';

type Row = Record<string, unknown>;

function cell(value: unknown): string {
  if (value === null || value === undefined) {
    return '<td></td>';
  }
  if (value instanceof Date) {
    return `<td>${escapeHtml(value.toISOString().replace('T', ' ').slice(0, 19))}</td>`;
  }
  if (typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))) {
    return `<td class="num">${escapeHtml(String(value))}</td>`;
  }
  if (Array.isArray(value)) {
    return `<td>${escapeHtml(value.join(', '))}</td>`;
  }
  return `<td>${escapeHtml(typeof value === 'string' ? value : JSON.stringify(value))}</td>`;
}

export function renderTable(rows: readonly Row[], columns: readonly string[]): string {
  if (rows.length === 0) {
    return '<p class="hint">Nothing yet.</p>';
  }
  const head = columns.map((column) => `<th>${escapeHtml(column)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${columns.map((column) => cell(row[column])).join('')}</tr>`)
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

export async function renderRunsPage(warehouse: pg.Pool): Promise<string> {
  const runs = await warehouse.query(loadQuery('select_runs'), [null, null, 100]);
  const rows = runs.rows.map((run: Row) => ({
    ...run,
    run_id: run.run_id,
  }));
  return renderPage(
    'Runs',
    renderTable(rows, [
      'run_id',
      'pipeline',
      'partition_date',
      'status',
      'created_at',
      'finished_at',
      'error',
    ]),
  );
}

export async function renderDashboard(warehouse: pg.Pool): Promise<string> {
  const runs = await warehouse.query(loadQuery('select_runs'), [null, null, 10]);
  const tables = await warehouse.query(loadQuery('select_warehouse_tables'));
  return renderPage(
    'Dashboard',
    `<h2>Latest runs</h2>${renderTable(runs.rows, ['run_id', 'status', 'created_at', 'finished_at', 'error'])}
     <h2>Warehouse</h2>${renderTable(tables.rows, ['schema', 'table', 'rows'])}
     <p>Rows of a loaded table as its latest load counted them; of a model, PostgreSQL's estimate.</p>`,
  );
}
