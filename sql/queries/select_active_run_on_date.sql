-- Another run of the pipeline and date, still queued or running, that loads one of the same tables.
-- $1 run_id, $2 pipeline, $3 partition_date, $4 tables (text[])
SELECT run_id, status
FROM pipeline.runs
WHERE pipeline = $2
  AND partition_date = $3
  AND run_id <> $1
  AND status IN ('queued', 'running')
  AND tables && $4::text[]
ORDER BY created_at
LIMIT 1
