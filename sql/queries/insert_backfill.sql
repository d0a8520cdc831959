-- Records a backfill and returns its id; its plan follows in insert_backfill_partitions.
-- $1 pipeline, $2 from_date, $3 to_date, $4 tables (text[]), $5 max_concurrent, $6 only_failed,
-- $7 full_refresh
INSERT INTO pipeline.backfills
  (pipeline, from_date, to_date, tables, max_concurrent, only_failed, full_refresh)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING backfill_id
