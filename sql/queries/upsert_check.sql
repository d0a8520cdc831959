-- Records one check of a table in a run; a re-validation overwrites the previous result.
-- $1 run_id, $2 table_name, $3 check_name, $4 passed, $5 observed, $6 expected, $7 detail
INSERT INTO pipeline.checks (run_id, table_name, check_name, passed, observed, expected, detail)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (run_id, table_name, check_name) DO UPDATE
  SET passed = EXCLUDED.passed, observed = EXCLUDED.observed, expected = EXCLUDED.expected,
      detail = EXCLUDED.detail, checked_at = now()
