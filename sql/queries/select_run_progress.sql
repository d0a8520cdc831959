-- A run's status with its stage jobs counted by outcome, and the rows extracted so far.
-- $1 run_id
SELECT r.status, r.error, r.jobs,
       count(s.stage) FILTER (WHERE s.status = 'completed') AS completed,
       count(s.stage) FILTER (WHERE s.status = 'failed') AS failed,
       sum(s.rows_out) FILTER (WHERE s.stage = 'extract') AS rows
FROM pipeline.runs r
LEFT JOIN pipeline.stages s ON s.run_id = r.run_id
WHERE r.run_id = $1
GROUP BY r.status, r.error, r.jobs
