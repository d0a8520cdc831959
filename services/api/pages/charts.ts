// Charts drawn on the server as inline SVG and HTML: no script, nothing fetched from elsewhere.
// Every label is escaped; numbers are formatted here, never interpolated raw from a row.

import { escapeHtml } from '../html';

export interface Bar {
  label: string;
  value: number;
}

const number = (value: number, digits = 1): string =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

export function formatMinutes(minutes: number): string {
  return minutes >= 120 ? `${number(minutes / 60)} h` : `${number(minutes, 0)} min`;
}

/** Vertical bars, one per bucket, with the first and last labels under the axis. */
export function renderBarChart(bars: readonly Bar[], unit: string): string {
  if (bars.length === 0) {
    return '<p class="hint">Nothing in this period.</p>';
  }
  const width = 900;
  const height = 160;
  const max = Math.max(...bars.map((bar) => bar.value), 1);
  const step = width / bars.length;
  const gap = step > 4 ? 1 : 0;
  const rects = bars
    .map((bar, i) => {
      const h = Math.max((bar.value / max) * height, bar.value > 0 ? 1 : 0);
      const x = (i * step).toFixed(2);
      const title = `${escapeHtml(bar.label)}: ${number(bar.value)} ${escapeHtml(unit)}`;
      return `<rect x="${x}" y="${(height - h).toFixed(2)}" width="${Math.max(step - gap, 0.5).toFixed(2)}" height="${h.toFixed(2)}"><title>${title}</title></rect>`;
    })
    .join('');
  const first = escapeHtml(bars[0]?.label ?? '');
  const last = escapeHtml(bars[bars.length - 1]?.label ?? '');
  return `<svg class="bars" viewBox="0 0 ${width} ${height + 18}" role="img" aria-label="${escapeHtml(unit)} per bucket">
<g fill="#15803d">${rects}</g>
<text x="0" y="${height + 14}" font-size="11">${first}</text>
<text x="${width}" y="${height + 14}" font-size="11" text-anchor="end">${last}</text>
<text x="${width}" y="11" font-size="11" text-anchor="end">max ${number(max)} ${escapeHtml(unit)}</text></svg>`;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** A weekday x hour grid whose cells darken with the minutes listened. */
export function renderHeatmap(
  cells: readonly { weekday: number; hour: number; minutes: number }[],
): string {
  const grid = new Map(cells.map((cell) => [`${cell.weekday}:${cell.hour}`, cell.minutes]));
  const max = Math.max(...cells.map((cell) => cell.minutes), 1);
  const hours = Array.from({ length: 24 }, (_unused, hour) => hour);
  const head = hours.map((hour) => `<th>${hour}</th>`).join('');
  const rows = WEEKDAYS.map((day, index) => {
    const tds = hours
      .map((hour) => {
        const minutes = grid.get(`${index + 1}:${hour}`) ?? 0;
        const alpha = (minutes / max).toFixed(2);
        return `<td class="cell" style="background:rgba(21,128,61,${alpha})" title="${day} ${hour}:00, ${number(minutes)} min"></td>`;
      })
      .join('');
    return `<tr><th>${day}</th>${tds}</tr>`;
  }).join('');
  return `<table class="heatmap"><thead><tr><th></th>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** A horizontal bar for a 0..1 value, with its number beside it. */
/** A bar for a value in [0, max], labelled with the value, or as a percentage of max. */
export function renderShare(value: number, max = 1, asPercent = false): string {
  const percent = Math.max(0, Math.min(100, (value / max) * 100)).toFixed(1);
  const label = asPercent ? `${percent}%` : number(value, 3);
  return `<span class="share"><span style="width:${percent}%"></span></span> ${label}`;
}
