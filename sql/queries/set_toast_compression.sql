-- For the rest of the transaction, values PostgreSQL compresses (TOAST: text, arrays and jsonb
-- above ~2 KB, such as a track's lyrics) are compressed with LZ4 where the server was built with
-- it, else with its default pglz. Copying rows on to the target keeps them compressed as they are.
SELECT set_config(
  'default_toast_compression',
  CASE WHEN 'lz4' = ANY (enumvals) THEN 'lz4' ELSE 'pglz' END,
  true
)
FROM pg_settings
WHERE name = 'default_toast_compression'
