-- Marks a stage job active for this attempt and the run as running.
-- $1 run_id, $2 table_name, $3 stage, $4 part, $5 job_id, $6 queue, $7 attempts
WITH stage AS (
  INSERT INTO pipeline.stages (run_id, table_name, stage, part, job_id, queue, status, attempts)
  VALUES ($1, $2, $3, $4, $5, $6, 'active', $7)
  ON CONFLICT (run_id, table_name, stage, part) DO UPDATE
    SET status = 'active', attempts = EXCLUDED.attempts, started_at = now(),
        finished_at = NULL, ms = NULL, error = NULL
  RETURNING run_id
)
UPDATE pipeline.runs SET status = 'running', updated_at = now(), error = NULL
WHERE run_id IN (SELECT run_id FROM stage) AND status <> 'running'
