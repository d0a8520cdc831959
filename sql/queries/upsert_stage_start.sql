-- Marks a stage job active for this attempt, and the run as running: a queued run, or a failed
-- run whose failed stages are all being retried. Another branch of a failed run starting does not
-- hide the failure.
-- $1 run_id, $2 table_name, $3 stage, $4 part, $5 job_id, $6 queue, $7 attempts
WITH stage AS (
  INSERT INTO pipeline.stages (run_id, table_name, stage, part, job_id, queue, status, attempts)
  VALUES ($1, $2, $3, $4, $5, $6, 'active', $7)
  ON CONFLICT (run_id, table_name, stage, part) DO UPDATE
    SET status = 'active', attempts = EXCLUDED.attempts, started_at = now(),
        finished_at = NULL, ms = NULL, error = NULL
  RETURNING run_id
)
UPDATE pipeline.runs r
SET status = 'running', updated_at = now(), error = NULL, finished_at = NULL
WHERE r.run_id IN (SELECT run_id FROM stage)
  AND r.status IN ('queued', 'failed')
  AND NOT EXISTS (
    SELECT 1 FROM pipeline.stages s
    WHERE s.run_id = r.run_id AND s.status = 'failed'
      AND (s.table_name, s.stage, s.part) <> ($2, $3, $4)
  )
