-- How many parts of a run's table are staged, and their rows.
-- $1 run_id, $2 table_name
SELECT count(*) AS parts, sum(rows) AS rows FROM pipeline.staged_parts WHERE run_id = $1 AND table_name = $2
