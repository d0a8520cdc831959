-- What a relation is, if it exists: 'r' table, 'v' view, 'm' materialized view, ...; and whether it
-- is 'p' permanent (logged), 'u' unlogged or 't' temporary.
-- $1 the relation, schema-qualified and quoted (text, resolved with to_regclass)
SELECT c.relkind::text AS kind, c.relpersistence::text AS persistence
FROM pg_class c WHERE c.oid = to_regclass($1)
