-- Closes a backfill once every run it started has finished.
-- $1 backfill_id, $2 status
UPDATE pipeline.backfills SET status = $2, finished_at = now() WHERE backfill_id = $1
