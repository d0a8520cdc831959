{{ config(materialized='table') }}
-- Runs of consecutive days with at least one stream. is_latest marks the run that ends on your
-- latest day of listening; longest_rank orders the runs by length, then by the most recent.
WITH days AS (
  SELECT day FROM {{ ref('listening_by_day') }} WHERE streams > 0
),
islands AS (
  SELECT day, day - (row_number() OVER (ORDER BY day))::int AS island
  FROM days
),
streaks AS (
  SELECT min(day) AS started_on, max(day) AS ended_on, count(*)::int AS days
  FROM islands
  GROUP BY island
)
SELECT started_on, ended_on, days,
       ended_on = (SELECT max(day) FROM days) AS is_latest,
       row_number() OVER (ORDER BY days DESC, ended_on DESC)::int AS longest_rank
FROM streaks
