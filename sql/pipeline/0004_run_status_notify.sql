-- Announces every change of a run's status on the channel spotlake_run_status (payload: the run
-- id), so a backfill waits for a slot on an event instead of polling the ledger.
CREATE FUNCTION pipeline.notify_run_status() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('spotlake_run_status', NEW.run_id);
  RETURN NEW;
END;
$$;

CREATE TRIGGER runs_status_notify
AFTER UPDATE OF status ON pipeline.runs
FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
EXECUTE FUNCTION pipeline.notify_run_status();
