-- Backfills: one pipeline over a range of partition dates, at most max_concurrent runs at a time.
-- The plan is written when the backfill is created, one row per date, so a coordinator that
-- restarts resumes where it stopped. runs.jobs lets progress bars know a run's size.
CREATE TABLE pipeline.backfills (
  backfill_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pipeline text NOT NULL,
  from_date date NOT NULL,
  to_date date NOT NULL,
  tables text[] NOT NULL,
  max_concurrent integer NOT NULL CHECK (max_concurrent >= 1),
  only_failed boolean NOT NULL,
  full_refresh boolean NOT NULL,
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  CHECK (to_date >= from_date)
);

-- action 'run' starts run_id with these tables; 'skip' names the run that already covers the date
-- (or is in progress) in run_id, and says why in reason.
CREATE TABLE pipeline.backfill_partitions (
  backfill_id bigint NOT NULL REFERENCES pipeline.backfills (backfill_id) ON DELETE CASCADE,
  partition_date date NOT NULL,
  action text NOT NULL CHECK (action IN ('run', 'skip')),
  run_id text,
  tables text[] NOT NULL,
  reason text NOT NULL,
  started_at timestamptz,
  PRIMARY KEY (backfill_id, partition_date)
);

ALTER TABLE pipeline.runs ADD COLUMN jobs integer;
