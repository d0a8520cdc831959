-- Marks the stage jobs about to be retried, and reopens their run.
-- $1 run_id, $2 job ids (text[])
WITH retried AS (
  UPDATE pipeline.stages SET status = 'retrying', finished_at = NULL
  WHERE run_id = $1 AND job_id = ANY($2::text[])
  RETURNING run_id
)
UPDATE pipeline.runs
SET status = 'running', error = NULL, finished_at = NULL, updated_at = now()
WHERE run_id = $1 AND EXISTS (SELECT 1 FROM retried)
