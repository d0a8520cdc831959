-- The run ledger: one row per run, per stage job, and per check. The API and the dashboards read
-- it; the stage workers write it as jobs start, finish and fail.
CREATE SCHEMA IF NOT EXISTS pipeline;

CREATE TABLE pipeline.runs (
  run_id text PRIMARY KEY,
  pipeline text NOT NULL,
  partition_date date NOT NULL,
  tables text[] NOT NULL,
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  options jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  error text
);
CREATE INDEX runs_pipeline_date ON pipeline.runs (pipeline, partition_date);

CREATE TABLE pipeline.stages (
  run_id text NOT NULL REFERENCES pipeline.runs (run_id) ON DELETE CASCADE,
  table_name text NOT NULL,
  stage text NOT NULL,
  part integer NOT NULL DEFAULT 0,
  job_id text NOT NULL,
  queue text NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'completed', 'failed', 'retrying')),
  attempts integer NOT NULL DEFAULT 0,
  rows_in bigint,
  rows_out bigint,
  bytes bigint,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  ms integer,
  error text,
  result jsonb,
  PRIMARY KEY (run_id, table_name, stage, part)
);

CREATE TABLE pipeline.checks (
  run_id text NOT NULL REFERENCES pipeline.runs (run_id) ON DELETE CASCADE,
  table_name text NOT NULL,
  check_name text NOT NULL,
  passed boolean NOT NULL,
  observed double precision,
  expected double precision,
  detail text NOT NULL,
  checked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, table_name, check_name)
);

-- Parts of a run already copied into staging, written in the COPY's own transaction so a retried
-- part knows whether its rows are there.
CREATE TABLE pipeline.staged_parts (
  run_id text NOT NULL,
  table_name text NOT NULL,
  part integer NOT NULL,
  rows bigint NOT NULL,
  staged_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, table_name, part)
);

-- One row per committed load, written in the swap's transaction: a commit job retried after its
-- transaction committed finds it here and does not apply the rows twice.
CREATE TABLE pipeline.load_commits (
  run_id text NOT NULL,
  table_name text NOT NULL,
  mode text NOT NULL,
  staged bigint NOT NULL,
  rows_in_target bigint NOT NULL,
  committed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, table_name)
);
