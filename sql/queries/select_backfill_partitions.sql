-- A backfill's plan with the status of each started run (null until it starts).
-- $1 backfill_id
SELECT to_char(p.partition_date, 'YYYY-MM-DD') AS partition_date, p.action, p.run_id, p.tables,
       p.reason, p.started_at, CASE WHEN p.started_at IS NULL THEN NULL ELSE r.status END AS run_status,
       r.finished_at AS run_finished_at
FROM pipeline.backfill_partitions p
LEFT JOIN pipeline.runs r ON r.run_id = p.run_id
WHERE p.backfill_id = $1
ORDER BY p.partition_date
