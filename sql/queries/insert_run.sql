-- Records a run when its flow is created; a run id seen before is left as it is.
-- $1 run_id, $2 pipeline, $3 partition_date, $4 tables (text[]), $5 options (jsonb)
INSERT INTO pipeline.runs (run_id, pipeline, partition_date, tables, options)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (run_id) DO NOTHING
RETURNING run_id
