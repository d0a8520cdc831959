-- Every view that depends on a relation, directly or through other views, with what it takes to
-- create it again, in an order that creates each view after the views it reads.
-- $1 the relation, schema-qualified and quoted (cast to regclass)
WITH RECURSIVE dependents (oid, depth) AS (
  SELECT rw.ev_class, 1
  FROM pg_depend d
  JOIN pg_rewrite rw ON rw.oid = d.objid
  WHERE d.classid = 'pg_rewrite'::regclass
    AND d.refclassid = 'pg_class'::regclass
    AND d.refobjid = $1::regclass
    AND rw.ev_class <> $1::regclass
  UNION
  SELECT rw.ev_class, dependents.depth + 1
  FROM dependents
  JOIN pg_depend d ON d.refobjid = dependents.oid AND d.refclassid = 'pg_class'::regclass
  JOIN pg_rewrite rw ON rw.oid = d.objid AND d.classid = 'pg_rewrite'::regclass
  WHERE rw.ev_class <> dependents.oid
)
SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
       c.reloptions AS options, pg_get_viewdef(c.oid) AS definition, max(dependents.depth) AS depth
FROM dependents
JOIN pg_class c ON c.oid = dependents.oid
JOIN pg_namespace n ON n.oid = c.relnamespace
GROUP BY c.oid, n.nspname, c.relname, c.relkind, c.reloptions
ORDER BY max(dependents.depth), n.nspname, c.relname
