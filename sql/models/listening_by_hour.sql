{{ config(materialized='table', indexes=['period']) }}
-- When you listen: minutes and plays per weekday (ISO: 1 Monday .. 7 Sunday) and hour of the day,
-- in the listening time zone, per wrap-up period: one pass over the plays.
WITH per_hour AS (
  SELECT extract(isodow FROM p.played_at)::int AS weekday,
         extract(hour FROM p.played_at)::int AS hour,
         count(*) FILTER (WHERE p.played_at > b.weeks_4_after) AS plays_4w,
         sum(p.ms_played) FILTER (WHERE p.played_at > b.weeks_4_after) AS ms_4w,
         count(*) FILTER (WHERE p.played_at > b.months_6_after) AS plays_6m,
         sum(p.ms_played) FILTER (WHERE p.played_at > b.months_6_after) AS ms_6m,
         count(*) AS plays_all,
         sum(p.ms_played) AS ms_all
  FROM {{ ref('plays') }} AS p
  CROSS JOIN (SELECT DISTINCT weeks_4_after, months_6_after FROM {{ ref('wrapup_periods') }}) AS b
  GROUP BY 1, 2
)
SELECT v.period, h.weekday, h.hour, v.plays, round(v.ms_played / 60000.0, 1) AS minutes
FROM per_hour AS h
CROSS JOIN LATERAL (VALUES
  ('4_weeks', h.plays_4w, h.ms_4w), ('6_months', h.plays_6m, h.ms_6m), ('all_time', h.plays_all, h.ms_all)
) AS v(period, plays, ms_played)
WHERE v.plays > 0
