-- The most recent backfills, newest first.
-- $1 limit
SELECT backfill_id::int AS backfill_id, pipeline, to_char(from_date, 'YYYY-MM-DD') AS from_date,
       to_char(to_date, 'YYYY-MM-DD') AS to_date, max_concurrent, only_failed, status,
       created_at, finished_at
FROM pipeline.backfills ORDER BY backfill_id DESC LIMIT $1
