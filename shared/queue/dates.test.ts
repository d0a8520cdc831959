import { addDays, daysBetween, eachDate, localDateTime } from './dates';
import { runRequestForTick } from './schedules';

describe('partition dates', () => {
  it('steps over month ends, leap days and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(daysBetween('2024-05-07', '2024-05-01')).toBe(-6);
    expect(eachDate('2024-02-27', '2024-03-01')).toEqual([
      '2024-02-27',
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
  });

  it('reads the wall clock of an instant in a zone', () => {
    // 22:00 UTC is 05:00 the next morning in Ho Chi Minh City (UTC+7, no daylight saving).
    expect(localDateTime(Date.parse('2024-05-01T22:00:00Z'), 'Asia/Ho_Chi_Minh')).toEqual({
      date: '2024-05-02',
      hhmm: '0500',
    });
    expect(localDateTime(Date.parse('2024-05-01T23:59:00Z'), 'UTC')).toEqual({
      date: '2024-05-01',
      hhmm: '2359',
    });
  });
});

describe('runRequestForTick', () => {
  it("runs the day that just ended for the daily mysql tick at 05:00 in the schedule's zone", () => {
    const tick = {
      pipeline: 'mysql',
      timezone: 'Asia/Ho_Chi_Minh',
      partition: 'previous-day',
    } as const;
    expect(runRequestForTick(tick, Date.parse('2024-05-01T22:00:00Z'))).toEqual({
      pipeline: 'mysql',
      partitionDate: '2024-05-01',
    });
  });

  it("runs today's date with the tick's local time for each spotify_api poll", () => {
    const tick = {
      pipeline: 'spotify_api',
      timezone: 'Asia/Ho_Chi_Minh',
      partition: 'same-day-per-tick',
    } as const;
    // 17:30 UTC on May 1st is 00:30 on May 2nd in Ho Chi Minh City.
    expect(runRequestForTick(tick, Date.parse('2024-05-01T17:30:00Z'))).toEqual({
      pipeline: 'spotify_api',
      partitionDate: '2024-05-02',
      suffix: 't0030',
    });
  });
});
