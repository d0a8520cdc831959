-- insert_import_file: records one validated export file of an import run.
-- $1 run id, $2 seq, $3 file name, $4 bronze key, $5 format, $6 plays, $7 bytes, $8 sha256
INSERT INTO pipeline.import_files (run_id, seq, source_file, bronze_key, format, plays, bytes, sha256)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (run_id, seq) DO NOTHING
