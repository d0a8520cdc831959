-- The columns of a table and their types as format_type prints them ('text[]', 'smallint', ...).
-- $1 the quoted, schema-qualified table name (cast to regclass)
SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
FROM pg_attribute a
WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum
