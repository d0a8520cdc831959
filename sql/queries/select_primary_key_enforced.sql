-- Whether PostgreSQL itself enforces a table's key: a validated PRIMARY KEY constraint on exactly
-- these columns, in this order, whose values are then NOT NULL and unique by construction.
-- $1 the table, schema-qualified and quoted (regclass text), $2 the key's columns in order
SELECT EXISTS (
  SELECT 1
  FROM pg_constraint c
  WHERE c.conrelid = $1::regclass
    AND c.contype = 'p'
    AND c.convalidated
    AND ARRAY(
      SELECT a.attname::text
      FROM unnest(c.conkey) WITH ORDINALITY AS k (attnum, ord)
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
      ORDER BY k.ord
    ) = $2::text[]
) AS enforced
