{{ config(materialized='table', indexes=['period']) }}
-- When you listen: minutes and plays per weekday (ISO: 1 Monday .. 7 Sunday) and hour of the day,
-- in the listening time zone, per wrap-up period.
SELECT w.period,
       extract(isodow FROM p.played_at)::int AS weekday,
       extract(hour FROM p.played_at)::int AS hour,
       count(*) AS plays,
       round(sum(p.ms_played) / 60000.0, 1) AS minutes
FROM {{ ref('plays') }} AS p
JOIN {{ ref('wrapup_periods') }} AS w ON p.played_at > w.starts_after AND p.played_at <= w.ends_at
GROUP BY w.period, 2, 3
