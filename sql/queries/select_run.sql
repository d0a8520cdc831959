-- One run from the ledger.
-- $1 run_id
SELECT run_id, pipeline, to_char(partition_date, 'YYYY-MM-DD') AS partition_date, tables, status,
       options, jobs, created_at, updated_at, finished_at, error
FROM pipeline.runs WHERE run_id = $1
