-- The row count of a part already copied into staging in this run, if it was.
-- $1 run_id, $2 table_name, $3 part
SELECT rows FROM pipeline.staged_parts WHERE run_id = $1 AND table_name = $2 AND part = $3
