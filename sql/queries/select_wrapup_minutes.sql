-- Minutes listened in a period, one bucket per day (per month for all time: years of days make no
-- chart), with the buckets without a play as 0.
-- $1 period
WITH bounds AS (
  SELECT CASE WHEN period = 'all_time'
              THEN date_trunc('month', (SELECT min(day) FROM analytics.listening_by_day))::date
              ELSE starts_after::date + 1 END AS first_bucket,
         CASE WHEN period = 'all_time' THEN date_trunc('month', ends_at)::date
              ELSE ends_at::date END AS last_bucket,
         CASE WHEN period = 'all_time' THEN interval '1 month' ELSE interval '1 day' END AS step
  FROM analytics.wrapup_periods
  WHERE period = $1
),
buckets AS (
  SELECT generate_series(first_bucket, last_bucket, step)::date AS bucket FROM bounds
),
days AS (
  SELECT CASE WHEN $1 = 'all_time' THEN date_trunc('month', day)::date ELSE day END AS bucket, minutes
  FROM analytics.listening_by_day
)
SELECT b.bucket, coalesce(sum(d.minutes), 0)::float AS minutes
FROM buckets AS b
LEFT JOIN days AS d USING (bucket)
GROUP BY b.bucket
ORDER BY b.bucket
