-- The relations (tables and views) that exist in the analytics schema.
-- no parameters
SELECT c.relname AS name
FROM pg_class c
WHERE c.relnamespace = 'analytics'::regnamespace AND c.relkind IN ('r', 'v')
