-- The comments on a table and on its columns (column_name NULL for the table's own).
-- $1 the table, schema-qualified and quoted (regclass text)
SELECT a.attname::text AS column_name, d.description
FROM pg_description d
LEFT JOIN pg_attribute a ON a.attrelid = d.objoid AND a.attnum = d.objsubid AND d.objsubid > 0
WHERE d.classoid = 'pg_class'::regclass AND d.objoid = $1::regclass
ORDER BY d.objsubid
