-- Why a full load cannot swap its staging table in for the target, one reason a row; no rows means
-- it can. A swap drops the target and renames the staging table into its place, carrying over only
-- the target's indexes and key constraints, NOT NULL columns, comments and grants; anything else
-- attached to the table (or a column set that differs from the catalog's) makes the load insert
-- into the target instead, which keeps everything.
-- $1 the target, schema-qualified and quoted (regclass text), $2 the catalog's column names in order,
-- $3 their PostgreSQL types (format_type text)
WITH target AS (
  SELECT c.* FROM pg_class c WHERE c.oid = $1::regclass
), columns AS (
  SELECT a.*
  FROM pg_attribute a
  WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
)
SELECT reason FROM (
  SELECT 'it is not a plain table' AS reason FROM target WHERE relkind <> 'r'
  UNION ALL
  SELECT 'another role owns it' FROM target WHERE relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
  UNION ALL
  SELECT 'it has storage options or a tablespace' FROM target
  WHERE reloptions IS NOT NULL OR reltablespace <> 0
  UNION ALL
  SELECT 'it has row-level security or a non-default replica identity' FROM target
  WHERE relrowsecurity OR relreplident <> 'd'
  UNION ALL
  SELECT 'its columns differ from the catalog''s, in name, type or order'
  WHERE ARRAY(SELECT attname::text FROM columns ORDER BY attnum) <> $2::text[]
     OR ARRAY(SELECT format_type(atttypid, atttypmod) FROM columns ORDER BY attnum) <> $3::text[]
  UNION ALL
  SELECT 'column ' || attname || ' has a default, an identity, a generation, privileges or storage settings'
  FROM columns
  WHERE atthasdef OR attidentity <> '' OR attgenerated <> '' OR attacl IS NOT NULL
     OR attcompression <> '' OR attstattarget >= 0
     OR attstorage <> (SELECT typstorage FROM pg_type WHERE oid = atttypid)
  UNION ALL
  SELECT 'trigger ' || tgname FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal
  UNION ALL
  SELECT 'rule ' || rulename FROM pg_rewrite WHERE ev_class = $1::regclass
  UNION ALL
  SELECT 'policy ' || polname FROM pg_policy WHERE polrelid = $1::regclass
  UNION ALL
  SELECT 'constraint ' || conname || ' (' || contype::text || ')'
  FROM pg_constraint
  WHERE (conrelid = $1::regclass AND contype NOT IN ('p', 'u')) OR confrelid = $1::regclass
  UNION ALL
  SELECT 'statistics object ' || stxname FROM pg_statistic_ext WHERE stxrelid = $1::regclass
  UNION ALL
  SELECT 'publication membership' FROM pg_publication_rel WHERE prrelid = $1::regclass
  UNION ALL
  SELECT 'inheritance or partitioning'
  FROM pg_inherits WHERE inhrelid = $1::regclass OR inhparent = $1::regclass
  UNION ALL
  SELECT 'a sequence it owns' FROM pg_depend
  WHERE refclassid = 'pg_class'::regclass AND refobjid = $1::regclass
    AND classid = 'pg_class'::regclass AND deptype = 'a'
    AND objid IN (SELECT oid FROM pg_class WHERE relkind = 'S')
  UNION ALL
  -- Views, functions with SQL bodies, other tables of its row type: anything that would have to
  -- be dropped with it.
  SELECT 'objects depend on it (' || pg_describe_object(classid, objid, objsubid) || ')'
  FROM pg_depend
  WHERE refclassid = 'pg_class'::regclass AND refobjid = $1::regclass AND deptype = 'n'
    AND NOT (classid = 'pg_constraint'::regclass
             AND objid IN (SELECT oid FROM pg_constraint WHERE conrelid = $1::regclass))
    AND NOT (classid = 'pg_class'::regclass
             AND objid IN (SELECT indexrelid FROM pg_index WHERE indrelid = $1::regclass))
  UNION ALL
  SELECT 'objects depend on its row type (' || pg_describe_object(d.classid, d.objid, d.objsubid) || ')'
  FROM pg_depend d, target
  WHERE d.refclassid = 'pg_type'::regclass AND d.refobjid = target.reltype AND d.deptype = 'n'
) AS reasons
