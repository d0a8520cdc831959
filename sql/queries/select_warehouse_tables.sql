-- The loaded and modelled tables with their row counts as PostgreSQL estimates them: pg_class's
-- reltuples where ANALYZE or an index build has set it (the model engine's swaps leave the
-- statistics collector's n_live_tup counting the old and the new table), else n_live_tup.
-- no parameters
SELECT n.nspname AS schema,
       c.relname AS "table",
       CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint ELSE coalesce(s.n_live_tup, 0) END AS rows
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN pg_stat_user_tables AS s ON s.relid = c.oid
WHERE n.nspname IN ('spotify', 'analytics')
  AND c.relkind IN ('r', 'p')
  AND NOT c.relispartition
ORDER BY n.nspname, c.relname
