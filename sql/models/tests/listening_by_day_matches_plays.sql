-- The incremental day totals must add up to the plays, month by month: a month whose plays were
-- replaced without the day totals following would show here.
SELECT coalesce(d.month, p.month) AS month, d.ms_played AS by_day, p.ms_played AS by_plays
FROM (SELECT month, sum(ms_played) AS ms_played FROM {{ ref('listening_by_day') }} GROUP BY month) AS d
FULL JOIN (
  SELECT played_month AS month, sum(ms_played) AS ms_played FROM {{ ref('plays') }} GROUP BY played_month
) AS p ON p.month = d.month
WHERE d.ms_played IS DISTINCT FROM p.ms_played
