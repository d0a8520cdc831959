-- The indexes of a loaded table, each with the statement that re-creates it (a primary key or
-- unique constraint as its constraint), and whether another table's foreign key depends on them.
-- $1 the table, schema-qualified (regclass text)
SELECT ci.relname AS index_name,
       con.conname AS constraint_name,
       CASE WHEN con.oid IS NULL THEN pg_get_indexdef(i.indexrelid)
            ELSE pg_get_constraintdef(con.oid) END AS definition,
       EXISTS (SELECT 1 FROM pg_constraint fk
               WHERE fk.contype = 'f' AND fk.confrelid = i.indrelid) AS is_referenced
FROM pg_index i
JOIN pg_class ci ON ci.oid = i.indexrelid
LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid
WHERE i.indrelid = $1::regclass
ORDER BY ci.relname
