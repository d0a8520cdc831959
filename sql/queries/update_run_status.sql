-- Sets a run's status; finished_at is set for the two final states.
-- $1 run_id, $2 status, $3 error (null when none)
UPDATE pipeline.runs
SET status = $2, error = $3, updated_at = now(),
    finished_at = CASE WHEN $2 IN ('succeeded', 'failed') THEN now() ELSE NULL END
WHERE run_id = $1
