-- The loaded and modelled tables with their rows. A loaded table: the exact count its latest load
-- commit recorded (rows_in_target). Otherwise the planner's estimate: the density ANALYZE or an
-- index build recorded (reltuples / relpages) times the table's pages now; a table never sized
-- that way falls back to the statistics collector's n_live_tup (late by up to seconds).
-- no parameters
WITH latest_load AS (
  SELECT DISTINCT ON (table_name) table_name, rows_in_target
  FROM pipeline.load_commits
  ORDER BY table_name, committed_at DESC
)
SELECT n.nspname AS schema,
       c.relname AS "table",
       CASE
         WHEN n.nspname = 'spotify' AND l.rows_in_target IS NOT NULL THEN l.rows_in_target
         WHEN c.relpages > 0 AND c.reltuples >= 0
           THEN round(c.reltuples / c.relpages
                      * (pg_relation_size(c.oid) / current_setting('block_size')::int))::bigint
         ELSE coalesce(s.n_live_tup, 0)
       END AS rows
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN pg_stat_user_tables AS s ON s.relid = c.oid
LEFT JOIN latest_load AS l ON l.table_name = c.relname
WHERE n.nspname IN ('spotify', 'analytics')
  AND c.relkind = 'r'
  AND NOT c.relispartition
ORDER BY n.nspname, c.relname
