-- Whether a named foreign key exists on a table of the current MySQL database.
-- ? the table name, ? the constraint name
SELECT constraint_name AS name
FROM information_schema.referential_constraints
WHERE constraint_schema = DATABASE() AND table_name = ? AND constraint_name = ?
