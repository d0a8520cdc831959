-- Marks every run still queued or running as failed, with the reason: for a ledger whose jobs were
-- all removed (the benchmark's own, whose measured runs never reach a transformer).
-- $1 error
UPDATE pipeline.runs
SET status = 'failed', error = $1, updated_at = now(), finished_at = now()
WHERE status IN ('queued', 'running')
