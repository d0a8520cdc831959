-- Records one check of a table in a run; a re-validation overwrites the previous result.
-- $1 run_id, $2 table_name, $3 check_name, $4 passed, $5 observed, $6 expected, $7 detail,
-- $8 ms (null when not timed)
INSERT INTO pipeline.checks (run_id, table_name, check_name, passed, observed, expected, detail, ms)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (run_id, table_name, check_name) DO UPDATE
  SET passed = EXCLUDED.passed, observed = EXCLUDED.observed, expected = EXCLUDED.expected,
      detail = EXCLUDED.detail, ms = EXCLUDED.ms, checked_at = now()
