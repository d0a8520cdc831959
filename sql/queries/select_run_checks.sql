-- The checks of a run.
-- $1 run_id
SELECT table_name, check_name, passed, observed, expected, detail, ms, checked_at
FROM pipeline.checks WHERE run_id = $1 ORDER BY table_name, check_name
