-- Records a part as copied into staging, in the COPY's transaction.
-- $1 run_id, $2 table_name, $3 part, $4 rows
INSERT INTO pipeline.staged_parts (run_id, table_name, part, rows) VALUES ($1, $2, $3, $4)
