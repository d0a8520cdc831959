-- The most recent runs, newest first, optionally of one pipeline and status.
-- $1 pipeline (null for all), $2 status (null for all), $3 limit
SELECT run_id, pipeline, to_char(partition_date, 'YYYY-MM-DD') AS partition_date, tables, status,
       created_at, finished_at, error
FROM pipeline.runs
WHERE ($1::text IS NULL OR pipeline = $1) AND ($2::text IS NULL OR status = $2)
ORDER BY created_at DESC, run_id DESC
LIMIT $3
