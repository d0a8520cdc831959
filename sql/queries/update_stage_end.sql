-- Records a stage job's outcome with its counts and result, and appends the attempt to
-- pipeline.stage_attempts (the history /metrics counts).
-- $1 run_id, $2 table_name, $3 stage, $4 part, $5 status, $6 rows_in, $7 rows_out, $8 bytes,
-- $9 ms, $10 error, $11 result (jsonb)
WITH ended AS (
  UPDATE pipeline.stages
  SET status = $5, rows_in = $6, rows_out = $7, bytes = $8, ms = $9, error = $10, result = $11,
      finished_at = now()
  WHERE run_id = $1 AND table_name = $2 AND stage = $3 AND part = $4
  RETURNING run_id, table_name, stage, part, attempts, status, rows_out, ms, finished_at
)
INSERT INTO pipeline.stage_attempts
  (run_id, table_name, stage, part, attempt, status, rows_out, ms, finished_at)
SELECT run_id, table_name, stage, part, attempts, status, rows_out, ms, finished_at FROM ended
