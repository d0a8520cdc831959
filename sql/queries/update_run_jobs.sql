-- Records how many stage jobs a run's flow holds, once the flow is added.
-- $1 run_id, $2 jobs
UPDATE pipeline.runs SET jobs = $2, updated_at = now() WHERE run_id = $1
