-- A run's stage jobs per stage: how many completed and failed, when the first started and the last
-- finished, and the rows and bytes they wrote. The benchmark times each stage from it.
-- $1 run_id
SELECT s.stage,
       count(*) FILTER (WHERE s.status = 'completed') AS completed,
       count(*) FILTER (WHERE s.status = 'failed') AS failed,
       min(s.started_at) AS started_at,
       max(s.finished_at) AS finished_at,
       sum(s.rows_out) AS rows,
       sum(s.bytes) AS bytes,
       string_agg(s.error, '; ') FILTER (WHERE s.status = 'failed') AS error
FROM pipeline.stages s
WHERE s.run_id = $1
GROUP BY s.stage
