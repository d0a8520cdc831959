-- A load already committed for this run and table, if any.
-- $1 run_id, $2 table_name
SELECT staged, rows_in_target FROM pipeline.load_commits WHERE run_id = $1 AND table_name = $2
