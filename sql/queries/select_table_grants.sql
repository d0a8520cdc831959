-- A table's privileges, one grantee and privilege a row (grantee NULL for PUBLIC); no rows while
-- the table has the default privileges (its owner's only).
-- $1 the table, schema-qualified and quoted (regclass text)
SELECT CASE WHEN g.grantee = 0 THEN NULL ELSE pg_get_userbyid(g.grantee)::text END AS grantee,
       g.privilege_type,
       g.is_grantable
FROM pg_class c, aclexplode(c.relacl) AS g
WHERE c.oid = $1::regclass
ORDER BY 1, 2
