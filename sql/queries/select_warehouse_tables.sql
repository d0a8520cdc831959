-- The loaded and modelled tables with their live row counts as the statistics collector has them.
-- no parameters
SELECT schemaname AS schema, relname AS "table", n_live_tup::bigint AS rows
FROM pg_stat_user_tables
WHERE schemaname IN ('spotify', 'analytics')
ORDER BY schemaname, relname
