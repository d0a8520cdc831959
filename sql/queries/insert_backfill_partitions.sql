-- Records a backfill's plan, one row per partition date, from a JSON array of
-- { partition_date, action, run_id, tables, reason }.
-- $1 backfill_id, $2 partitions (jsonb array)
INSERT INTO pipeline.backfill_partitions
  (backfill_id, partition_date, action, run_id, tables, reason)
SELECT $1, p.partition_date, p.action, p.run_id, p.tables, p.reason
FROM jsonb_to_recordset($2::jsonb)
  AS p(partition_date date, action text, run_id text, tables text[], reason text)
