-- Marks a backfill's partition as started, once its run is recorded and enqueued.
-- $1 backfill_id, $2 partition_date
UPDATE pipeline.backfill_partitions SET started_at = now()
WHERE backfill_id = $1 AND partition_date = $2 AND started_at IS NULL
