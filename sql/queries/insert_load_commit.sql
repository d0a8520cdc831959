-- Records a committed load, inside the load's own transaction.
-- $1 run_id, $2 table_name, $3 mode, $4 staged, $5 rows_in_target
INSERT INTO pipeline.load_commits (run_id, table_name, mode, staged, rows_in_target)
VALUES ($1, $2, $3, $4, $5)
