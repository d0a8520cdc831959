-- Forgets a run's staged parts once their rows are committed.
-- $1 run_id, $2 table_name
DELETE FROM pipeline.staged_parts WHERE run_id = $1 AND table_name = $2
