-- Rows per table and stage of a run: what each stage read and wrote, summed over parts.
-- $1 run_id
SELECT table_name, stage, count(*)::int AS parts,
       count(*) FILTER (WHERE status = 'completed')::int AS completed,
       sum(rows_in)::bigint AS rows_in, sum(rows_out)::bigint AS rows_out,
       sum(bytes)::bigint AS bytes, sum(ms)::bigint AS ms
FROM pipeline.stages
WHERE run_id = $1
GROUP BY table_name, stage
ORDER BY table_name,
  array_position(ARRAY['extract', 's3-load', 'pg-load', 'pg-commit', 'validate', 'transform'], stage)
