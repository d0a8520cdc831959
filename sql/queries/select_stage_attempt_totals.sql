-- Stage attempts per stage, table and outcome, with the rows the completed ones wrote.
SELECT stage, table_name, status, count(*)::bigint AS attempts,
       coalesce(sum(rows_out) FILTER (WHERE status = 'completed'), 0)::bigint AS rows
FROM pipeline.stage_attempts
GROUP BY stage, table_name, status
