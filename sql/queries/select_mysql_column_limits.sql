-- The columns of a table in the current MySQL database, with what each can hold, so the seed can
-- reject a row the server would refuse instead of failing a whole batch.
-- ? the table name
SELECT column_name AS name, data_type AS dataType, column_type AS columnType,
  character_maximum_length AS maxChars, character_octet_length AS maxBytes
FROM information_schema.columns
WHERE table_schema = DATABASE() AND table_name = ?
ORDER BY ordinal_position
