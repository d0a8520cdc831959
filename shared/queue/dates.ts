// Calendar arithmetic on partition dates (`YYYY-MM-DD`, no time zone) and the local date and time
// of an instant in a named zone. Dates are computed in UTC so no local offset leaks in.

const DAY_MS = 86_400_000;

function toUtcMs(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms)) {
    throw new RangeError(`${date} is not a date (YYYY-MM-DD)`);
  }
  return ms;
}

export function addDays(date: string, days: number): string {
  return new Date(toUtcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`; negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** Every date from `from` to `to`, both included. */
export function eachDate(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let day = 0; day <= daysBetween(from, to); day += 1) {
    dates.push(addDays(from, day));
  }
  return dates;
}

/** The calendar date and wall-clock time of an instant in a zone: `2024-05-01`, `0530`. */
export function localDateTime(instantMs: number, timeZone: string): { date: string; hhmm: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instantMs));
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    hhmm: `${part('hour')}${part('minute')}`,
  };
}
