-- Every finished attempt of a stage job. pipeline.stages keeps only a job's latest attempt, so a
-- failure retried into a success would vanish from it; /metrics needs counters that never go down.
-- 'released' is a job handed back at shutdown: not a failure, and it costs no attempt.
CREATE TABLE pipeline.stage_attempts (
  run_id text NOT NULL,
  table_name text NOT NULL,
  stage text NOT NULL,
  part integer NOT NULL,
  attempt integer NOT NULL,
  status text NOT NULL CHECK (status IN ('completed', 'failed', 'retrying', 'released')),
  rows_out bigint,
  ms integer,
  finished_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stage_attempts_by_stage ON pipeline.stage_attempts (stage, status);

ALTER TABLE pipeline.stages DROP CONSTRAINT stages_status_check;
ALTER TABLE pipeline.stages ADD CONSTRAINT stages_status_check
  CHECK (status IN ('active', 'completed', 'failed', 'retrying', 'released'));
