-- One backfill.
-- $1 backfill_id
SELECT backfill_id::int AS backfill_id, pipeline, to_char(from_date, 'YYYY-MM-DD') AS from_date,
       to_char(to_date, 'YYYY-MM-DD') AS to_date, tables, max_concurrent, only_failed,
       full_refresh, status, created_at, finished_at
FROM pipeline.backfills WHERE backfill_id = $1
