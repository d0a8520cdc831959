-- select_import_files: the export files of one import run, in the order they were given. $1 = run id
SELECT seq, source_file, bronze_key, format, plays, bytes
FROM pipeline.import_files
WHERE run_id = $1
ORDER BY seq
