-- The columns of a table declared NOT NULL, in table order.
-- $1 the table, schema-qualified and quoted (regclass text)
SELECT a.attname::text AS name
FROM pg_attribute a
WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull
ORDER BY a.attnum
