-- Completed stage attempts per stage counted into cumulative duration buckets, with their count
-- and total seconds: a Prometheus histogram computed from the ledger.
-- $1 bucket upper bounds in seconds (float8[])
SELECT a.stage, b.le, count(*) FILTER (WHERE a.ms <= b.le * 1000)::bigint AS n,
       count(*)::bigint AS total, coalesce(sum(a.ms), 0)::float8 / 1000 AS seconds
FROM pipeline.stage_attempts a
CROSS JOIN unnest($1::float8[]) AS b(le)
WHERE a.status = 'completed'
GROUP BY a.stage, b.le
ORDER BY a.stage, b.le
