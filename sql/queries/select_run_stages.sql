-- The stage jobs of a run, in pipeline order.
-- $1 run_id
SELECT table_name, stage, part, job_id, queue, status, attempts, rows_in, rows_out, bytes,
       started_at, finished_at, ms, error
FROM pipeline.stages
WHERE run_id = $1
ORDER BY table_name,
  array_position(ARRAY['extract', 's3-load', 'pg-load', 'pg-commit', 'validate', 'transform'], stage),
  part
