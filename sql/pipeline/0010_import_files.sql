-- Listening-history export files handed in by `spotlake import-history` or POST /imports/history:
-- validated and stored in bronze before their run starts, so the run (and a restart) knows its
-- files. plays is counted while the file was validated; the extractor reports it as extracted.
CREATE TABLE pipeline.import_files (
  run_id text NOT NULL,
  seq integer NOT NULL,
  source_file text NOT NULL,
  bronze_key text NOT NULL,
  format text NOT NULL CHECK (format IN ('account_data', 'extended', 'endsong')),
  plays bigint NOT NULL,
  bytes bigint NOT NULL,
  sha256 text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, seq)
);
CREATE INDEX import_files_sha256 ON pipeline.import_files (sha256);
