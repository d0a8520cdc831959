-- The stage jobs of a run that did not complete: candidates for a retry.
-- $1 run_id
SELECT table_name, stage, part, job_id, queue, status
FROM pipeline.stages
WHERE run_id = $1 AND status <> 'completed'
ORDER BY table_name, stage, part
