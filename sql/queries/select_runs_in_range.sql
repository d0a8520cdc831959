-- Every run of a pipeline over a range of partition dates: what a backfill plans against.
-- $1 pipeline, $2 from_date, $3 to_date
SELECT run_id, to_char(partition_date, 'YYYY-MM-DD') AS partition_date, status, tables
FROM pipeline.runs
WHERE pipeline = $1 AND partition_date BETWEEN $2 AND $3
ORDER BY partition_date, created_at
