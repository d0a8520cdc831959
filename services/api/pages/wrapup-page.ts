// "My wrap-up": the listening stats of the analytics models as one server-rendered page. It reads
// only the small precomputed model tables, so it stays fast however long the history is. Every
// value from the warehouse is escaped; the page has no script.

import type pg from 'pg';
import { z } from 'zod';
import { loadQuery } from '../../../shared/sql/load-sql';
import { escapeHtml, renderPage } from '../html';
import { formatMinutes, renderBarChart, renderHeatmap, renderShare } from './charts';

export const WRAPUP_PERIODS = ['4_weeks', '6_months', 'all_time'] as const;

export const wrapupQuerySchema = z.object({
  period: z.enum(WRAPUP_PERIODS).default('4_weeks'),
});
export type WrapupQuery = z.infer<typeof wrapupQuerySchema>;

export interface WrapupDeps {
  warehouse: pg.Pool;
}

type Row = Record<string, unknown>;

function text(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  return escapeHtml(typeof value === 'string' ? value : JSON.stringify(value));
}
const num = (value: unknown): number => Number(value ?? 0);
const day = (value: unknown): string =>
  value instanceof Date ? value.toISOString().slice(0, 10) : text(value);

const PAGE_STYLE = `<style>
.tabs a{margin-right:1rem}.tabs strong{margin-right:1rem}
.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:.8rem 0}
.card{background:#fff;border:1px solid #d4d4d4;padding:.5rem .9rem;min-width:7rem}
.card b{display:block;font-size:1.4rem}.cols{display:flex;flex-wrap:wrap;gap:1.5rem}
svg.bars{width:100%;max-width:900px;background:#fff;border:1px solid #d4d4d4}
table.heatmap td.cell{width:1.1rem;height:1.1rem;padding:0}table.heatmap th{font-size:.75rem;padding:.1rem .2rem}
.share{display:inline-block;width:8rem;height:.7rem;background:#e5e7eb;vertical-align:middle}
.share span{display:block;height:100%;background:#15803d}
</style>`;

const EMPTY = `<p>No listening to show yet.</p>
<p class="hint">Import your Spotify listening history (<code>spotlake import-history &lt;files&gt;</code>)
or connect the Web API (<code>spotlake auth</code>) and run the <code>spotify_api</code> pipeline; the
wrap-up appears once the models are built.</p>`;

function renderTabs(current: string, totals: readonly Row[]): string {
  return `<p class="tabs">${totals
    .map((row) => {
      const label = text(row.label);
      return row.period === current
        ? `<strong>${label}</strong>`
        : `<a href="/wrapup?period=${text(row.period)}">${label}</a>`;
    })
    .join('')}</p>`;
}

function renderCards(totals: Row): string {
  const cards: [string, string][] = [
    ['Listened', formatMinutes(num(totals.minutes))],
    ['Streams', num(totals.streams).toLocaleString('en-US')],
    ['Tracks', num(totals.tracks).toLocaleString('en-US')],
    ['Artists', num(totals.artists).toLocaleString('en-US')],
    ['Days', num(totals.days).toLocaleString('en-US')],
  ];
  const range = `${day(totals.first_play)} to ${day(totals.last_play)}`;
  return `<div class="cards">${cards.map(([label, value]) => `<div class="card">${label}<b>${text(value)}</b></div>`).join('')}</div>
<p class="hint">Plays from ${range}. A stream is a play of 30 seconds or more.</p>`;
}

function renderRanked(title: string, rows: readonly Row[], columns: [string, string][]): string {
  if (rows.length === 0) {
    return `<section><h2>${title}</h2><p class="hint">Nothing in this period.</p></section>`;
  }
  const head = columns.map(([, label]) => `<th>${label}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${columns.map(([key]) => cellFor(key, row[key])).join('')}</tr>`)
    .join('');
  return `<section><h2>${title}</h2><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></section>`;
}

function cellFor(key: string, value: unknown): string {
  if (key === 'share') {
    return `<td>${renderShare(num(value), 1, true)}</td>`;
  }
  if (key === 'minutes') {
    return `<td class="num">${text(formatMinutes(num(value)))}</td>`;
  }
  return typeof value === 'number' || key === 'streams' || key === 'tracks'
    ? `<td class="num">${text(value)}</td>`
    : `<td>${text(value)}</td>`;
}

function renderAudio(rows: readonly Row[]): string {
  if (rows.length === 0) {
    return '<p class="hint">No audio features are known for the tracks of this period.</p>';
  }
  const body = rows
    .map((row) => {
      const isUnit = row.feature !== 'tempo' && row.feature !== 'loudness';
      const mine = isUnit ? renderShare(num(row.mine)) : text(num(row.mine).toFixed(1));
      const catalog = isUnit ? renderShare(num(row.catalog)) : text(num(row.catalog).toFixed(1));
      const diff = num(row.difference);
      return `<tr><td>${text(row.feature)}</td><td>${mine}</td><td>${catalog}</td><td class="num">${diff > 0 ? '+' : ''}${text(diff.toFixed(3))}</td></tr>`;
    })
    .join('');
  return `<table><thead><tr><th>feature</th><th>you</th><th>catalog average</th><th>difference</th></tr></thead><tbody>${body}</tbody></table>`;
}

function renderDiscoveries(months: readonly Row[], streaks: readonly Row[]): string {
  const discovered = months
    .map((row) => {
      const examples = Array.isArray(row.examples) ? row.examples.map(text).join(', ') : '';
      return `<tr><td>${day(row.month).slice(0, 7)}</td><td class="num">${text(row.new_artists)}</td><td>${examples}</td></tr>`;
    })
    .join('');
  const runs = streaks
    .map(
      (row) =>
        `<tr><td>${row.days === 1 ? day(row.started_on) : `${day(row.started_on)} to ${day(row.ended_on)}`}</td><td class="num">${text(row.days)}</td><td>${row.is_latest === true ? 'latest' : ''}</td></tr>`,
    )
    .join('');
  return `<div class="cols"><section><h2>New artists per month</h2><table><thead><tr><th>month</th><th>new</th><th>the ones you played most</th></tr></thead><tbody>${discovered}</tbody></table></section>
<section><h2>Listening streaks</h2><table><thead><tr><th>days in a row</th><th>days</th><th></th></tr></thead><tbody>${runs}</tbody></table></section></div>`;
}

async function rowsOf(deps: WrapupDeps, query: string, values: unknown[] = []): Promise<Row[]> {
  return (await deps.warehouse.query<Row>(loadQuery(query), values)).rows;
}

export async function renderWrapupPage(input: WrapupQuery, deps: WrapupDeps): Promise<string> {
  const [ready] = await rowsOf(deps, 'select_wrapup_ready');
  const totals =
    ready !== undefined && ready.present === ready.needed
      ? await rowsOf(deps, 'select_wrapup_totals')
      : [];
  const current = totals.find((row) => row.period === input.period);
  if (current === undefined) {
    return renderPage(
      'My wrap-up',
      `${PAGE_STYLE}${totals.length > 0 ? renderTabs(input.period, totals) : ''}${EMPTY}`,
    );
  }
  const { period } = input;
  const [tracks, artists, genres, minutes, hours, audio, months, streaks] = await Promise.all([
    rowsOf(deps, 'select_wrapup_top_tracks', [period, 20]),
    rowsOf(deps, 'select_wrapup_top_artists', [period, 20]),
    rowsOf(deps, 'select_wrapup_top_genres', [period, 10]),
    rowsOf(deps, 'select_wrapup_minutes', [period]),
    rowsOf(deps, 'select_wrapup_hours', [period]),
    rowsOf(deps, 'select_wrapup_audio', [period]),
    rowsOf(deps, 'select_wrapup_new_artists', [12]),
    rowsOf(deps, 'select_wrapup_streaks', [5]),
  ]);
  const unit = period === 'all_time' ? 'per month' : 'per day';
  const body = `${PAGE_STYLE}${renderTabs(period, totals)}${renderCards(current)}
<div class="cols">${renderRanked('Top tracks', tracks, [
    ['rank', '#'],
    ['track_name', 'track'],
    ['artist_name', 'artist'],
    ['streams', 'streams'],
    ['minutes', 'time'],
  ])}
${renderRanked('Top artists', artists, [
  ['rank', '#'],
  ['artist_name', 'artist'],
  ['streams', 'streams'],
  ['tracks', 'tracks'],
  ['minutes', 'time'],
])}</div>
${renderRanked('Top genres', genres, [
  ['rank', '#'],
  ['genre', 'genre'],
  ['streams', 'streams'],
  ['share', 'share of streams'],
])}
<section><h2>Minutes listened ${unit}</h2>${renderBarChart(
    minutes.map((row) => ({ label: day(row.bucket), value: num(row.minutes) })),
    'min',
  )}</section>
<section><h2>When you listen</h2>${renderHeatmap(hours.map((row) => ({ weekday: num(row.weekday), hour: num(row.hour), minutes: num(row.minutes) })))}</section>
<section><h2>Your sound against the catalog</h2>${renderAudio(audio)}</section>
${renderDiscoveries(months, streaks)}`;
  return renderPage('My wrap-up', body);
}
